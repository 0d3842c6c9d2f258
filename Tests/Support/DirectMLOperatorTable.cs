namespace DeepDream.Tests.Support;

/// <summary>
/// The kernels that ONNX Runtime's DirectML execution provider registers, read from
/// Tests/Data/directml-1.23-operators.tsv, with the since-versions of every ONNX op from
/// Tests/Data/onnx-1.19-operator-versions.tsv (both written by tools/directml_operator_table.py
/// from the sources named in their first lines).
/// </summary>
public sealed class DirectMLOperatorTable
{
    public const string File = "directml-1.23-operators.tsv";
    public const string OnnxVersionsFile = "onnx-1.19-operator-versions.tsv";

    /// <summary>One kernel registration: a row of the table.</summary>
    /// <param name="Graph">Whether the node can join a fused DirectML graph (Shape, Size, NonZero, ... never do).</param>
    /// <param name="CpuInputs">Inputs read on the CPU; the node joins the fused graph only if they are initializers.</param>
    /// <param name="GraphInputCount">The input count a node needs to join the fused graph (Sum, Max, ...), if any.</param>
    /// <param name="Query">The support-query function that can still turn the node down, if any.</param>
    /// <param name="Types">Allowed element types per type constraint (ONNX names: float, float16, int64, bool, ...).</param>
    /// <param name="Inputs">The ONNX schema's formal inputs as type strings (T, tensor(int64), ...; ? optional, * variadic), if known.</param>
    public sealed record Registration(
        string Op, string Domain, int Since, bool Graph, IReadOnlyList<int> CpuInputs, int? GraphInputCount, string? Query,
        string? Condition, IReadOnlyDictionary<string, IReadOnlySet<string>> Types, IReadOnlyList<string>? Inputs,
        IReadOnlyList<string>? Outputs)
    {
        public bool IsCpuKernel => Query == "cpu-kernel";
        public override string ToString() => $"{Op}-{Since}";
    }

    private DirectMLOperatorTable(string origin, IReadOnlyList<Registration> registrations, string onnxOrigin,
        IReadOnlyDictionary<string, int[]> onnxVersions)
    {
        Origin = origin;
        Registrations = registrations;
        OnnxOrigin = onnxOrigin;
        OnnxVersions = onnxVersions;
    }

    /// <summary>The first line of the table: where it was generated from.</summary>
    public string Origin { get; }
    public IReadOnlyList<Registration> Registrations { get; }
    public string OnnxOrigin { get; }
    /// <summary>Every since-version of each default-domain ONNX op, ascending.</summary>
    public IReadOnlyDictionary<string, int[]> OnnxVersions { get; }

    private static readonly Lazy<DirectMLOperatorTable> loaded = new(() => Load(TestData.Path(File), TestData.Path(OnnxVersionsFile)));

    public static DirectMLOperatorTable Default => loaded.Value;

    public static DirectMLOperatorTable Load(string path, string onnxVersionsPath)
    {
        var (origin, rows) = ReadTsv(path);
        var registrations = rows.Select(r => new Registration(
            r["op"], r["domain"], int.Parse(r["since"]), r["graph"] == "yes",
            r["cpu_inputs"] == "-" ? [] : r["cpu_inputs"].Split(',').Select(int.Parse).ToArray(),
            r["graph_inputs"] == "-" ? null : int.Parse(r["graph_inputs"]),
            r["query"] == "-" ? null : r["query"],
            r["condition"] == "-" ? null : r["condition"],
            r["types"] == "*" ? new Dictionary<string, IReadOnlySet<string>>() : r["types"].Split(';').Select(c => c.Split('=')).ToDictionary(
                c => c[0], c => (IReadOnlySet<string>)c[1].Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet()),
            r["inputs"] == "-" ? null : r["inputs"].Split(',', StringSplitOptions.RemoveEmptyEntries),
            r["outputs"] == "-" ? null : r["outputs"].Split(',', StringSplitOptions.RemoveEmptyEntries))).ToList();
        var (onnxOrigin, versionRows) = ReadTsv(onnxVersionsPath);
        var versions = versionRows.ToDictionary(r => r["op"], r => r["versions"].Split(',').Select(int.Parse).Order().ToArray());
        return new DirectMLOperatorTable(origin, registrations, onnxOrigin, versions);
    }

    private static (string Origin, List<Dictionary<string, string>> Rows) ReadTsv(string path)
    {
        var lines = System.IO.File.ReadAllLines(path);
        if (lines.Length < 2 || !lines[0].StartsWith("# "))
            throw new InvalidDataException($"{path} does not start with a '# origin' line and a header.");
        var columns = lines[1].Split('\t');
        var rows = new List<Dictionary<string, string>>();
        foreach (var line in lines.Skip(2).Where(l => l.Length > 0))
        {
            var cells = line.Split('\t');
            if (cells.Length != columns.Length)
                throw new InvalidDataException($"{path}: '{line}' has {cells.Length} cells, the header {columns.Length}.");
            rows.Add(columns.Zip(cells).ToDictionary(p => p.First, p => p.Second));
        }
        return (lines[0][2..], rows);
    }

    /// <summary>The since-version of a default-domain op in a model of this opset (the schema the node resolves to), if ONNX has one.</summary>
    public int? SinceVersion(string op, long opset) =>
        OnnxVersions.TryGetValue(op, out var versions) && versions.Where(v => v <= opset).ToArray() is { Length: > 0 } fitting
            ? fitting[^1]
            : null;

    /// <summary>
    /// The kernel registered for exactly this since-version: ONNX Runtime matches a kernel without an
    /// end version (all of DirectML's) only to nodes whose schema has the kernel's since-version.
    /// </summary>
    public Registration? Find(string op, string domain, int since) =>
        Registrations.FirstOrDefault(r => r.Op == op && r.Domain == domain && r.Since == since);

    public IEnumerable<Registration> For(string op, string domain = "ai.onnx") =>
        Registrations.Where(r => r.Op == op && r.Domain == domain);
}
