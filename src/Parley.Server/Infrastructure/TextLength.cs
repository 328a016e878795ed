namespace Parley.Infrastructure;

public static class TextLength
{
    /// <summary>
    /// Length as a person counts it: Unicode code points, so an emoji is one character here and in the
    /// browser (which counts the same way with [...text].length), not two UTF-16 units.
    /// </summary>
    public static int Of(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}
