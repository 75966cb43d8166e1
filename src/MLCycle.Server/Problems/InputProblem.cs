using Microsoft.AspNetCore.Http.HttpResults;
using MLCycle.Server.Json;

namespace MLCycle.Server.Problems;

/// <summary>A 400 problem whose "errors" extension lists each refused row and field with the reason.</summary>
internal static class InputProblem
{
    public static ProblemHttpResult Create(string detail, List<FieldError> errors) =>
        TypedResults.Problem(
            title: "Invalid input",
            detail: detail,
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["errors"] = errors });
}
