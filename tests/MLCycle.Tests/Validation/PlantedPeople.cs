namespace MLCycle.Tests.Validation;

/// <summary>
/// Eight people with planted problems: age missing in row 3 and out of [0, 120] in rows 2 and 6; sex 'other' in row 4
/// and missing in row 6; bad emails in rows 3 and 6; id 4 twice (rows 4, 5); age &lt; years_employed + 14 in rows 4, 6, 7.
/// </summary>
internal static class PlantedPeople
{
    public const string Csv = """
        id,age,years_employed,sex,email,income
        1,30,10,male,a@b.com,100
        2,150,5,female,c@d.org,200
        3,,3,male,bad-email,
        4,25,20,other,e@f.net,300
        4,40,2,female,g@h.io,400
        6,-1,0,,x@y@z,500
        7,50,40,male,h@i.com,600
        8,60,10,female,j@k.com,700
        """;
}
