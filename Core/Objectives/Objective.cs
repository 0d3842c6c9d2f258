using System.Globalization;
using DeepDream.Core.Dreaming;
using DeepDream.Core.Imaging;
using DeepDream.Core.Models;
using DeepDream.Core.Onnx;

namespace DeepDream.Core.Objectives;

/// <summary>
/// What a dream maximises: a weighted sum of terms (a layer, channels, a class, a guide image).
/// Objectives compose like numbers, <c>Objective.Layer("layer3.1") + 0.5 * Objective.Channels("layer2.1", 7)</c>;
/// the same term added twice has its weights summed. The terms decide the dream graph, the
/// weights are fed to it at run time, so a new weight never rebuilds anything.
/// </summary>
public sealed class Objective
{
    private readonly bool keepsZeroWeights;

    private Objective(IReadOnlyList<WeightedTerm> terms, bool keepsZeroWeights = false)
    {
        Terms = terms;
        this.keepsZeroWeights = keepsZeroWeights;
    }

    public IReadOnlyList<WeightedTerm> Terms { get; }

    public static Objective Layer(string layer) => Of(new LayerTerm(layer));
    public static Objective Channels(string layer, params int[] channels) => Of(new ChannelTerm(layer, channels));
    public static Objective Class(int index) => Of(new ClassTerm(index));
    public static Objective Guide(IRgbSource image, string layer) => Of(new GuideTerm(layer, image));

    /// <summary>The classic objective: each layer's mean squared activation, weighted.</summary>
    public static Objective Layers(IEnumerable<KeyValuePair<string, double>> weights) =>
        weights.Aggregate(None, (sum, p) => sum + p.Value * Layer(p.Key));

    public static Objective Layers(IEnumerable<string> layers) => layers.Aggregate(None, (sum, l) => sum + Layer(l));

    public static Objective None { get; } = new([]);

    /// <summary>A catalog model's recommended layers and weights; null for a model that has none.</summary>
    public static Objective? Recommended(ModelSpec? spec) => spec is { DefaultWeights.Count: > 0 } ? Layers(spec.DefaultWeights) : null;

    public static Objective Of(ObjectiveTerm term) => new([new WeightedTerm(term, 1)]);

    public static Objective operator +(Objective a, Objective b)
    {
        var terms = a.Terms.ToList();
        foreach (var t in b.Terms)
        {
            var same = terms.FindIndex(u => u.Term.Key == t.Term.Key);
            if (same < 0)
                terms.Add(t);
            else
                terms[same] = terms[same] with { Weight = terms[same].Weight + t.Weight };
        }
        return new(terms);
    }

    public static Objective operator *(double weight, Objective o) => new(o.Terms.Select(t => t with { Weight = weight * t.Weight }).ToList());

    /// <summary>The terms the dream graph is built from: those whose weight is not zero (a zero weight turns a term off), unless made by <see cref="KeepingZeroWeights"/>.</summary>
    public Objective Active => keepsZeroWeights ? this : new(Terms.Where(t => t.Weight != 0).ToList());

    /// <summary>
    /// This objective with its terms at weight 0 kept in the dream graph, so that objectives that
    /// differ only in their weights share one graph and one session: an atlas dreams each channel
    /// of a layer in turn this way, instead of building a graph per channel. Sums and multiples of
    /// the result leave zero-weight terms out again.
    /// </summary>
    public Objective KeepingZeroWeights() => new(Terms, keepsZeroWeights: true);

    public float[] Weights => Terms.Select(t => (float)t.Weight).ToArray();

    /// <summary>Identity of the dream graph the terms build (weights left out), for caches.</summary>
    public string Key => string.Join('\n', Terms.Select(t => t.Term.Key));

    /// <summary>The terms in the model's own names (tensors), with whatever each needs computed once (a guide's features).</summary>
    public Objective Resolve(ImageClassifier model) => new(Terms.Select(t => t with { Term = t.Term.Resolve(model) }).ToList());

    /// <summary>Weights in range and at least one term on; the messages name the term.</summary>
    public Objective Validate()
    {
        if (Terms.Count == 0)
            throw new DreamSettingsException("objective: at least one layer, channel, class or guide is needed.");
        foreach (var (term, weight) in Terms)
            (WeightRange with { Name = $"weight of {term.Describe()}" }).Check(weight);
        if (Terms.All(t => t.Weight == 0))
            throw new DreamSettingsException("objective: all weights are zero, so nothing would dream; give at least one layer a weight above 0.");
        return this;
    }

    public static readonly SettingRange<double> WeightRange = new("weight", 0.0, 100.0, 0.0, 2.0);

    public override string ToString() => string.Join(" + ", Terms.Select(t => $"{t.Weight.ToString(CultureInfo.InvariantCulture)} x {t.Term.Describe()}"));
}

public sealed record WeightedTerm(ObjectiveTerm Term, double Weight);
