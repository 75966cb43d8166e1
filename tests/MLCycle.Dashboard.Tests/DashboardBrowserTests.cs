using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MLCycle.Registry;
using static Microsoft.Playwright.Assertions;

namespace MLCycle.Dashboard.Tests;

/// <summary>The dashboard driven through headless chromium as a person would: log in, find a run by filter, sort, open it,
/// compare two runs, approve a promotion as a second user and watch the alias move, log out. A chromium that cannot start fails these tests; none is skipped.</summary>
public sealed class DashboardBrowserTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task Login_wrong_then_right_password_lands_on_the_runs_with_a_strict_http_only_session()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/runs?experiment=churn-exp");
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?returnUrl=%2Fruns%3Fexperiment%3Dchurn-exp$"));

        await page.GetByLabel("User name").FillAsync("alice");
        await page.GetByLabel("Password").FillAsync(server.Tokens["bob"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The user name or the password is wrong.");

        await page.GetByLabel("Password").FillAsync(server.Tokens["alice"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/runs\\?experiment=churn-exp$"));
        await Expect(page.GetByText("Signed in as alice")).ToBeVisibleAsync();
        await Expect(page.Locator("table.runs tbody tr")).ToHaveCountAsync(6);

        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "mlcycle.session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.DoesNotContain(server.Tokens["alice"], session.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_filtered_by_param_and_sorted_by_auc_open_the_best_run_with_its_chart_and_report()
    {
        var page = await server.LoggedInPageAsync("alice");
        await page.GetByLabel("Experiment").FillAsync("churn-exp");
        await page.GetByLabel("Filter").FillAsync("params.algorithm = 'lightgbm'");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var rows = page.Locator("table.runs tbody tr");
        await Expect(rows).ToHaveCountAsync(3);

        await page.Locator("table.runs thead a", new() { HasTextRegex = new Regex("^auc") }).ClickAsync();
        await Expect(page.Locator("table.runs thead th[aria-sort]")).ToHaveAttributeAsync("aria-sort", "descending");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.First.Locator("th a")).ToHaveTextAsync("run-4");
        await Expect(rows.Last.Locator("th a")).ToHaveTextAsync("run-0");

        await rows.First.Locator("th a").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Run run-4");
        await Expect(page.Locator("#params-h + table")).ToContainTextAsync("lightgbm");
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "loss by step" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "cv.lightgbm.auc by fold, 3 folds, last 0.72" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "report.html" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Open the HTML report" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Report of run-4");
    }

    [Fact]
    public async Task Runs_bad_filter_names_the_position_instead_of_failing()
    {
        var page = await server.LoggedInPageAsync("alice");
        var response = await page.GotoAsync("/runs?filter=" + Uri.EscapeDataString("metrics.auc > high"));
        Assert.Equal(400, response!.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Bad filter at position 15: expected a value: a number or a string in single quotes, found 'high'");
    }

    [Fact]
    public async Task Runs_of_an_experiment_without_a_grant_are_hidden_from_the_list_and_refused_by_id()
    {
        var page = await server.LoggedInPageAsync("erin");
        await Expect(page.Locator("table.runs tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("table.runs tbody")).Not.ToContainTextAsync("churn-exp");

        var response = await page.GotoAsync($"/runs/{server.Runs["run-0"]}");
        Assert.Equal(403, response!.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("User 'erin' needs the role reader or higher on experiment 'churn-exp'");
        var report = await page.GotoAsync($"/runs/{server.Runs["run-0"]}/artifacts/report.html");
        Assert.Equal(403, report!.Status);
    }

    [Fact]
    public async Task Compare_two_runs_shows_both_side_by_side_with_a_bar_chart_of_the_chosen_metric()
    {
        var page = await server.LoggedInPageAsync("bob");
        await page.GetByRole(AriaRole.Link, new() { Name = "Compare", Exact = true }).ClickAsync();
        await page.GetByLabel("Run ids").FillAsync($"{server.Runs["run-1"]}\n{server.Runs["run-5"]}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await page.GetByLabel("Metric to chart").SelectOptionAsync("loss");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();

        await Expect(page.Locator("table.compare thead th")).ToHaveTextAsync(["Name", "run-1", "run-5"]);
        var chart = page.GetByRole(AriaRole.Img, new() { Name = "loss by run" });
        await Expect(chart).ToHaveAttributeAsync("aria-label", "loss by run: run-1 0.21; run-5 0.25");
        await Expect(chart.Locator("rect.bar")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task Approvals_request_of_alice_approved_by_bob_moves_champion_and_her_own_approval_is_refused()
    {
        var alice = await server.LoggedInPageAsync("alice");
        await alice.GetByRole(AriaRole.Link, new() { Name = "Models" }).ClickAsync();
        await alice.GetByRole(AriaRole.Link, new() { Name = "churn" }).ClickAsync();
        await Expect(alice.Locator("#aliases")).ToHaveTextAsync(Alias(1));
        await Expect(alice.GetByRole(AriaRole.Link, new() { Name = "Model card of version 1" })).ToBeVisibleAsync();

        // Alice files the request with the model page's form; champion is protected, so nothing moves yet.
        await alice.GetByLabel("Version", new() { Exact = true }).SelectOptionAsync("2");
        await alice.GetByLabel("Reason for the approver").FillAsync("v2 beats v1 on auc");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Request promotion" }).ClickAsync();
        var request = Assert.Single((await server.Store.Promotions.ListRequestsAsync("churn", ApprovalState.Pending)).Items);
        await Expect(alice.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Filed request #{request.Id}: churn@champion → version 2, waiting for another approver.");
        Assert.Equal(("alice", "v2 beats v1 on auc"), (request.Requester, request.Reason));
        Assert.Equal(1, (await server.Store.Registry.GetModelAsync("churn")).Aliases["champion"]);
        var mine = alice.Locator($"#request-{request.Id}");
        await Expect(mine).ToContainTextAsync("You filed this request: another approver of churn decides it.");
        await Expect(mine.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        // Her session may still post the form by hand (admin is approver everywhere): the store refuses, the page says why.
        var form = alice.Context.APIRequest.CreateFormData();
        var field = alice.Locator("form.logout input[type=hidden]");
        form.Set((await field.GetAttributeAsync("name"))!, (await field.GetAttributeAsync("value"))!);
        form.Set("reason", "looks good to me");
        var refused = await alice.Context.APIRequest.PostAsync($"/approvals/{request.Id}/approve", new() { Form = form });
        Assert.Equal(403, refused.Status);
        await alice.SetContentAsync(await refused.TextAsync());
        await Expect(alice.GetByRole(AriaRole.Alert)).ToHaveTextAsync(
            $"Request #{request.Id} was not approved: User 'alice' filed approval request #{request.Id} and cannot approve it: four-eyes promotion needs another approver.");

        var bob = await server.LoggedInPageAsync("bob");
        await bob.GetByRole(AriaRole.Link, new() { Name = "Approvals" }).ClickAsync();
        var pending = bob.Locator($"#request-{request.Id}");
        await Expect(pending.Locator("dd").First).ToHaveTextAsync("alice");
        var evidence = pending.GetByRole(AriaRole.Table, new() { Name = "Test metrics of version 2 beside champion version 1 on the same rows" });
        await Expect(evidence.GetByRole(AriaRole.Row, new() { Name = "auc" })).ToHaveTextAsync(new Regex(@"^\s*auc\s*0\.82\s*0\.76\s*$"));
        await Expect(pending).ToContainTextAsync("auc >= 0.7: passed");
        await bob.GetByLabel($"Reason for the decision on #{request.Id}").FillAsync("checked the evidence");
        await bob.GetByRole(AriaRole.Button, new() { Name = $"Approve #{request.Id}" }).ClickAsync();
        await Expect(bob.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Approved request #{request.Id}: churn@champion now points to version 2.");
        await Expect(bob.Locator($"#request-{request.Id}")).ToHaveCountAsync(0);
        await Expect(bob.Locator("#decided tbody tr", new() { Has = bob.Locator($"th:text-is('#{request.Id}')") }))
            .ToContainTextAsync(new Regex($@"churn@champion\s*v2\s*alice\s*approved\s*bob\s*checked the evidence"));

        await bob.GotoAsync("/models/churn");
        await Expect(bob.Locator("#aliases")).ToHaveTextAsync(Alias(2));
        await alice.GotoAsync("/models/churn");
        await Expect(alice.Locator("#aliases")).ToHaveTextAsync(Alias(2));
        var latest = alice.Locator("#alias-history tbody tr").First;
        await Expect(latest.Locator("td").Nth(1)).ToHaveTextAsync("v1");
        await Expect(latest.Locator("td").Nth(2)).ToHaveTextAsync("v2");
        await Expect(latest.Locator("td").Nth(3)).ToHaveTextAsync("bob");
        await Expect(latest.Locator("td").Nth(4)).ToHaveTextAsync($"approved request #{request.Id} of alice (v2 beats v1 on auc): checked the evidence");

        var audit = await server.Store.Audit.ReadAsync(limit: 10_000);
        Assert.Contains(audit, e => e.Action == "POST /approvals/{id:long}/approve" && e.Actor == "bob" && e.Status == 302 && e.Target == "churn@champion");
        Assert.Contains(audit, e => e.Action == "POST /approvals/{id:long}/approve" && e.Actor == "alice" && e.Status == 403);
        Assert.Contains(audit, e => e.Action == "POST /models/{name}/approval-requests" && e.Actor == "alice" && e.Status == 302 && e.Target == "churn@champion");
        await server.Store.Promotions.RollbackAsync("churn", "champion", RegistryActor.User(await server.AccessAsync("bob")));
    }

    [Fact]
    public async Task Approvals_decided_request_posted_again_is_a_conflict_shown_as_an_alert()
    {
        // Version 1 is champion, so the request asks for 2; it is rejected, and the same form posted again finds it decided.
        var request = await server.Store.Promotions.RequestAsync(new PromotionRequest { Name = "churn", Version = 2, Requester = "alice", Reason = "try again" });
        var bob = await server.LoggedInPageAsync("bob");
        await bob.GotoAsync("/approvals");
        var form = bob.Context.APIRequest.CreateFormData();
        var field = bob.Locator($"#request-{request.Id} form input[type=hidden]");
        form.Set((await field.GetAttributeAsync("name"))!, (await field.GetAttributeAsync("value"))!);
        form.Set("reason", "not this week");
        await bob.GetByLabel($"Reason for the decision on #{request.Id}").FillAsync("not this week");
        await bob.GetByRole(AriaRole.Button, new() { Name = $"Reject #{request.Id}" }).ClickAsync();
        await Expect(bob.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Rejected request #{request.Id}: churn@champion stays where it was.");

        var again = await bob.Context.APIRequest.PostAsync($"/approvals/{request.Id}/approve", new() { Form = form });
        Assert.Equal(409, again.Status);
        await bob.SetContentAsync(await again.TextAsync());
        await Expect(bob.GetByRole(AriaRole.Alert)).ToHaveTextAsync(
            $"Request #{request.Id} was not approved: Approval request #{request.Id} cannot be approved: it is already rejected by bob.");
    }

    [Fact]
    public async Task Model_page_offers_promotion_requests_to_editors_only()
    {
        var dave = await server.LoggedInPageAsync("dave");
        await dave.GotoAsync("/models/churn");
        await Expect(dave.GetByRole(AriaRole.Heading, new() { Name = "Aliases" })).ToBeVisibleAsync();
        await Expect(dave.GetByRole(AriaRole.Button, new() { Name = "Request promotion" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Model_monitoring_lists_drift_checks_newest_first_with_a_line_of_the_worst_psi()
    {
        var page = await server.LoggedInPageAsync("dave");
        await page.GotoAsync("/models/churn");
        await page.GetByRole(AriaRole.Link, new() { Name = "Drift checks of churn" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Drift checks of churn");
        var rows = page.Locator("#drift-checks tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.First.Locator("td")).ToHaveTextAsync(CheckCells("v2", "500", "tenure (0.31)", "0.31 (tenure)"));
        await Expect(rows.Last.Locator("td")).ToHaveTextAsync(CheckCells("v1", "500", "none", "0.04 (tenure)"));
        var chart = page.GetByRole(AriaRole.Img, new() { Name = "worst PSI over time, 2 points, last 0.31" });
        await Expect(chart).ToBeVisibleAsync();
        await Expect(chart.Locator("circle")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task Login_after_five_wrong_passwords_is_locked_out_even_with_the_right_one()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/login");
        for (int i = 0; i < 5; i++)
        {
            await page.GetByLabel("User name").FillAsync("dave");
            await page.GetByLabel("Password").FillAsync("not-a-token-" + i);
            await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The user name or the password is wrong.");
        }
        await page.GetByLabel("User name").FillAsync("dave");
        await page.GetByLabel("Password").FillAsync(server.Tokens["dave"]);
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync(), r => r.Url.EndsWith("/login", StringComparison.Ordinal));
        Assert.Equal(429, response.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Too many failed logins for 'dave'");

        var audit = await server.Store.Audit.ReadAsync(limit: 10_000);
        Assert.Equal(5, audit.Count(e => e.Action == "dashboard.login" && e.Actor == "dave" && e.Detail == "wrong user name or password"));
        Assert.Contains(audit, e => e.Action == "dashboard.login" && e.Actor == "dave" && !e.Allowed && e.Detail!.StartsWith("locked out", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logout_needs_the_form_token_and_then_ends_the_session()
    {
        var page = await server.LoggedInPageAsync("bob");
        // The session cookie alone does not log out: a POST without the anti-forgery field is refused.
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("x", "y");
        var forged = await page.Context.APIRequest.PostAsync("/logout", new() { Form = form });
        Assert.Equal(400, forged.Status);
        await page.GotoAsync("/models");
        await Expect(page.GetByText("Signed in as bob")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/login$"));
        await page.GotoAsync("/models");
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?returnUrl=%2Fmodels$"));
    }

    [Fact]
    public async Task Users_page_is_for_admins_and_grants_a_role_with_its_form()
    {
        var bob = await server.LoggedInPageAsync("bob");
        await Expect(bob.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);
        var refused = await bob.GotoAsync("/users");
        Assert.Equal(403, refused!.Status);

        var alice = await server.LoggedInPageAsync("alice");
        await alice.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await alice.GetByLabel("User", new() { Exact = true }).SelectOptionAsync("dave");
        await alice.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync("editor");
        await alice.GetByLabel("On", new() { Exact = true }).SelectOptionAsync("experiment");
        await alice.GetByLabel("Model or experiment name").FillAsync("churn-exp");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Grant" }).ClickAsync();
        await Expect(alice.GetByRole(AriaRole.Status)).ToHaveTextAsync("dave is now editor on experiment churn-exp.");
        await Expect(alice.GetByRole(AriaRole.Row, new() { Name = "dave" })).ToContainTextAsync("editor on experiment churn-exp");

        await alice.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await Expect(alice.Locator("table.audit")).ToContainTextAsync("users.grant");
    }

    [Fact]
    public async Task Pages_start_with_a_skip_link_that_the_keyboard_reaches_first()
    {
        var page = await server.LoggedInPageAsync("alice");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator(":focus")).ToHaveTextAsync("Skip to content");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("#main$"));
        Assert.Empty(await page.Locator("script, link[href^='http']").AllAsync());
    }

    /// <summary>A drift check's cells after its time, exactly, then a short run id.</summary>
    private static Regex[] CheckCells(params string[] cells) => [.. cells.Select(c => new Regex($"^{Regex.Escape(c)}$")), new Regex("^[0-9a-z]{8}$")];

    private static Regex Alias(int version) => new($@"^\s*champion\s*version {version}\s*$");
}
