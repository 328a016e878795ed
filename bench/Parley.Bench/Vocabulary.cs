namespace Parley.Bench;

/// <summary>
/// Made-up words with a Zipf-like frequency, like words in real chat: a few very common, a long tail of rare
/// ones. Deterministic for a seed, so every run searches the same text.
/// </summary>
internal sealed class Vocabulary
{
    private static readonly string[] Syllables =
    [
        "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "qui", "dor", "lin", "mar", "pen", "sol",
        "tur", "ven", "bri", "cal", "dex", "fen", "gor", "hal", "jun", "kel", "lum", "nor", "pyr", "rox",
    ];

    private readonly string[] _words;
    private readonly double[] _cumulative;

    public Vocabulary(int size, int seed)
    {
        var random = new Random(seed);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (words.Count < size)
        {
            var syllables = random.Next(2, 5);
            words.Add(string.Concat(Enumerable.Range(0, syllables).Select(_ => Syllables[random.Next(Syllables.Length)])));
        }

        _words = [.. words];
        _cumulative = new double[size];
        var total = 0.0;
        for (var rank = 0; rank < size; rank++)
        {
            total += 1.0 / (rank + 1);
            _cumulative[rank] = total;
        }

        for (var rank = 0; rank < size; rank++)
        {
            _cumulative[rank] /= total;
        }
    }

    /// <summary>The word of a frequency rank: 0 is the most common.</summary>
    public string this[int rank] => _words[rank];

    public int Count => _words.Length;

    public string Next(Random random)
    {
        var index = Array.BinarySearch(_cumulative, random.NextDouble());
        return _words[index < 0 ? Math.Min(~index, _words.Length - 1) : index];
    }

    public string Sentence(Random random, int minWords, int maxWords) =>
        string.Join(' ', Enumerable.Range(0, random.Next(minWords, maxWords + 1)).Select(_ => Next(random)));
}
