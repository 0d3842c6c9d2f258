#!/usr/bin/env python3
"""Writes the tables that Tests/Onnx/DirectMLPlacementTests.cs checks dream graphs against.

DirectML cannot run on the machines that run the tests, so the graph is checked statically
against what ONNX Runtime's DirectML execution provider registers. This script reads

  * ONNX Runtime's DirectML operator table,
      onnxruntime/core/providers/dml/DmlExecutionProvider/src/Operators/OperatorRegistration.cpp
    with the since-versions behind its REG_INFO macros,
      onnxruntime/core/providers/dml/OperatorAuthorHelper/OperatorVersions.h
  * the ONNX release that ONNX Runtime builds against (cmake/deps.txt):
      docs/Operators.md (every since-version of every default-domain op)
      docs/Changelog.md (the formal inputs and outputs of each op version)

and writes two tab-separated files:

  directml-<ver>-operators.tsv, one row per DirectML registration:
    op, domain, since      the kernel is registered for exactly this since-version
                           (ONNX Runtime matches DirectML kernels only on an exact since-version)
    graph                  yes: the node can join a fused DirectML graph; no: it always runs alone
    cpu_inputs             input indices that are read on the CPU ("requiredConstantCpuInputs");
                           a node joins the fused graph only if these are initializers
    graph_inputs           the input count required to join the fused graph (Sum, Max, ...), or -
    query                  the support-query function that can still reject the node, or -
    condition              the #if around the entry, or -
    types                  allowed element types per type constraint, e.g. T=float,float16;I=int64
    inputs, outputs        the type string of each formal input/output of the ONNX schema
                           (? optional, * variadic), so a test can bind constraints to tensors

  onnx-<ver>-operator-versions.tsv: op and every since-version of each default-domain op.

Standard library only; not run by CI. Usage (checkouts of both repositories at the right tags):

  python3 tools/directml_operator_table.py --ort ../onnxruntime --onnx ../onnx \\
      --ort-origin "microsoft/onnxruntime@<commit> (v1.23.0)" --onnx-origin "onnx/onnx@<commit> (v1.19.0)" \\
      --out Tests/Data
"""

import argparse
import os
import re
import sys

REGISTRATION = "onnxruntime/core/providers/dml/DmlExecutionProvider/src/Operators/OperatorRegistration.cpp"
VERSIONS = "onnxruntime/core/providers/dml/OperatorAuthorHelper/OperatorVersions.h"

# DirectML's SupportedTensorDataTypes flag names as ONNX element type names.
ONNX_TYPE_NAMES = {
    "Float32": "float", "UInt4": "uint4", "Int4": "int4", "UInt8": "uint8", "Int8": "int8",
    "UInt16": "uint16", "Int16": "int16", "Int32": "int32", "Int64": "int64", "String": "string",
    "Bool": "bool", "Float16": "float16", "Float64": "double", "UInt32": "uint32", "UInt64": "uint64",
    "Complex64": "complex64", "Complex128": "complex128",
}

DOMAINS = {"kOnnxDomain": "ai.onnx", "kMSDomain": "com.microsoft", "kMSDmlDomain": "com.microsoft.dml"}


def read(root, path):
    with open(os.path.join(root, path), encoding="utf-8") as f:
        return f.read()


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def split_top_level(text):
    """Splits on commas that are not inside parentheses or braces."""
    parts, depth, current = [], 0, []
    for ch in text:
        if ch in "({":
            depth += 1
        elif ch in ")}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    if "".join(current).strip():
        parts.append("".join(current).strip())
    return parts


def parse_flags(source):
    """SupportedTensorDataTypes: each flag as the set of base flags it stands for."""
    body = re.search(r"enum class SupportedTensorDataTypes\b[^{]*\{(.*?)\};", source, re.S).group(1)
    flags = {}
    for entry in split_top_level(strip_comments(body)):
        name, value = (part.strip() for part in entry.split("=", 1))
        value = " ".join(value.split())
        if re.fullmatch(r"1LLU\s*<<\s*\d+", value):
            flags[name] = {name}
        elif "static_cast" in value:
            flags[name] = {"*"}
        else:
            flags[name] = set().union(*(flags[part.strip()] for part in value.split("|")))
    return flags


def parse_emitted_types(source):
    """The flags that RegisterDmlOperators turns into kernel type constraints, in its order."""
    emitted = []
    for line in source.splitlines():
        if line.strip().startswith("//"):
            continue
        m = re.search(r"SupportedTensorDataTypes::(\w+)\s*\)\)\s*edgeDescs\.push_back\((Tensor|Sequence)EdgeDesc<", line)
        if m:
            emitted.append(m.group(1))
    return emitted


def type_names(flag_set, emitted):
    names = []
    for flag in emitted:
        if "*" in flag_set or flag in flag_set:
            if flag.startswith("Sequence"):
                names.append("seq(" + ONNX_TYPE_NAMES[flag[len("Sequence"):]] + ")")
            else:
                names.append(ONNX_TYPE_NAMES[flag])
    return names


def parse_lists(source, flags):
    code = strip_comments(source)
    labels = {name: re.findall(r'"(\w+)"', body) for name, body in
              re.findall(r"std::array<const char\*,\s*\d+>\s*(\w+)\s*=\s*\{(.*?)\};", code, re.S)}
    supported = {}
    for name, body, alias in re.findall(
            r"std::array<SupportedTensorDataTypes,\s*\d+>\s*(\w+)\s*=\s*(?:\{(.*?)\}|(\w+));", code, re.S):
        if alias:
            supported[name] = supported[alias]
            continue
        entries = []
        for entry in split_top_level(body):
            parts = [p.strip().replace("SupportedTensorDataTypes::", "") for p in entry.split("|")]
            entries.append(set().union(*(flags[p] for p in parts)))
        supported[name] = entries
    return labels, supported


def parse_versions(header):
    versions = {}
    for kind, number, body in re.findall(r"namespace\s+(OnnxOperatorSet|MsftOperatorSet)(\d+)\s*\{(.*?)\}", header, re.S):
        versions[(kind, int(number))] = {op: int(v) for op, v in re.findall(r"sc_sinceVer_(\w+)\s*=\s*(\d+)", body)}
    return versions


MACROS = {
    # macro: (operator set namespace, domain, index of the first argument after the name)
    "REG_INFO": ("OnnxOperatorSet", "kOnnxDomain", 2),
    "REG_INFO_DYNAMIC_OUTPUTS": ("OnnxOperatorSet", "kOnnxDomain", 2),
    "REG_INFO_VER": ("OnnxOperatorSet", "kOnnxDomain", 2),
    "REG_INFO_COPY": ("OnnxOperatorSet", "kOnnxDomain", 2),
    "REG_INFO_MS": ("MsftOperatorSet", "kMSDomain", 2),
    "REG_INFO_MS_ALIAS": ("MsftOperatorSet", "kMSDomain", 3),
    "REG_INFO_MSDML": ("MsftOperatorSet", "kMSDmlDomain", 2),
}


def parse_table(source, versions, labels, supported, emitted):
    start = source.index("{", source.index("operatorRegistrationInformationTable[] =")) + 1
    end = source.index("\n};", start)
    rows, conditions = [], []
    pending = ""
    for raw in source[start:end].splitlines():
        line = raw.strip()
        if line.startswith("#if"):
            conditions.append(line[3:].strip())
            continue
        if line.startswith("#else"):
            conditions[-1] = "!(" + conditions[-1] + ")"
            continue
        if line.startswith("#endif"):
            conditions.pop()
            continue
        line = strip_comments(line).strip()
        if not line:
            continue
        pending += line
        if not pending.startswith("{"):
            pending = ""
            continue
        if pending.count("(") != pending.count(")"):
            continue
        entry, pending = pending, ""
        m = re.fullmatch(r"\{\s*(\w+)\((.*)\)\s*\},?", entry)
        if not m:
            sys.exit(f"cannot read table entry: {entry}")
        macro, args = m.group(1), split_top_level(m.group(2))
        opset_kind, domain, first = MACROS[macro]
        opset, op = int(args[0]), args[1]
        rest = args[first:]
        type_labels, type_lists = labels[rest[0]], supported[rest[1]]
        graph = "no" if len(rest) > 2 and "NotSupported" in rest[2] else "yes"
        cpu_inputs = []
        if len(rest) > 3:
            cpu_inputs = [int(i) for i in re.findall(r"\d+", re.fullmatch(r"requiredConstantCpuInputs\((.*)\)", rest[3]).group(1))]
        graph_inputs = rest[4] if len(rest) > 4 and rest[4] != "std::nullopt" else "-"
        query = rest[5] if len(rest) > 5 and rest[5] not in ("nullptr", "") else "-"
        since = versions[(opset_kind, opset)][op]
        types = ";".join(f"{label}={','.join(type_names(flag_set, emitted))}" for label, flag_set in zip(type_labels, type_lists))
        rows.append({
            "op": op, "domain": DOMAINS[domain], "since": since, "graph": graph,
            "cpu_inputs": ",".join(map(str, cpu_inputs)) or "-", "graph_inputs": graph_inputs, "query": query,
            "condition": " && ".join(conditions) or "-", "types": types,
        })
    return rows


def parse_cpu_kernels(source):
    """Kernels that the DirectML provider runs on the CPU (If, Sequence*, Optional*): any type."""
    rows = []
    for op, domain, since, body in re.findall(
            r"ONNX_OPERATOR_KERNEL_EX\(\s*(\w+),\s*(\w+),\s*(\d+),\s*kDmlExecutionProvider,(.*?)\n\s*\w+\);", source, re.S):
        cpu = re.findall(r"InputMemoryType\(OrtMemTypeCPUInput,\s*(\d+)\)", body)
        rows.append({
            "op": op, "domain": DOMAINS[domain], "since": int(since), "graph": "no",
            "cpu_inputs": ",".join(cpu) or "-", "graph_inputs": "-", "query": "cpu-kernel",
            "condition": "-", "types": "*",
        })
    return rows


def parse_onnx_versions(operators_md):
    section = operators_md.split("### ai.onnx (default)", 1)[1].split("\n### ", 1)[0]
    versions = {}
    for line in section.splitlines():
        m = re.match(r'\|<a href="#([\w.]+)">', line)
        if m:
            op = m.group(1)
            versions[op] = sorted({int(v) for v in re.findall(rf'Changelog\.md#{re.escape(op)}-(\d+)"', line)})
    return versions


def parse_formals(changelog):
    """(op, since) -> (inputs, outputs), each a list of type strings with ? (optional) or * (variadic)."""
    default_domain = changelog.split("# ai.onnx (default)", 1)[1].split("\n# ", 1)[0]
    formals = {}
    for m in re.finditer(r'### <a name="([\w.]+)-(\d+)"></a>', default_domain):
        body = default_domain[m.end():].split("\n### ", 1)[0]

        def block(title):
            found = re.search(rf"#### {title}[^\n]*\n(.*?)(?=\n#### |\Z)", body, re.S)
            if not found:
                return []
            result = []
            for flags, type_string in re.findall(r"<dt><tt>\w+</tt>(?: \(([^)]*)\))? : ([^<]+)</dt>", found.group(1)):
                suffix = "*" if "variadic" in flags else "?" if "optional" in flags else ""
                result.append(type_string.strip() + suffix)
            return result

        formals[(m.group(1), int(m.group(2)))] = (block("Inputs"), block("Outputs"))
    return formals


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ort", required=True, help="root of an onnxruntime checkout (the release tag)")
    parser.add_argument("--onnx", required=True, help="root of an onnx checkout (the version onnxruntime pins)")
    parser.add_argument("--ort-origin", required=True, help="repository@commit (tag), written into the header")
    parser.add_argument("--onnx-origin", required=True, help="repository@commit (tag), written into the header")
    parser.add_argument("--out", required=True, help="folder for the two .tsv files")
    args = parser.parse_args()

    ort_version = read(args.ort, "VERSION_NUMBER").strip()
    onnx_version = read(args.onnx, "VERSION_NUMBER").strip()
    short = lambda v: ".".join(v.split(".")[:2]).split("rc")[0]

    source = read(args.ort, REGISTRATION)
    flags = parse_flags(source)
    emitted = parse_emitted_types(source)
    labels, supported = parse_lists(source, flags)
    versions = parse_versions(strip_comments(read(args.ort, VERSIONS)))
    rows = parse_table(source, versions, labels, supported, emitted) + parse_cpu_kernels(source)

    formals = parse_formals(read(args.onnx, "docs/Changelog.md"))
    onnx_versions = parse_onnx_versions(read(args.onnx, "docs/Operators.md"))
    for row in rows:
        inputs, outputs = formals.get((row["op"], row["since"]), (None, None)) if row["domain"] == "ai.onnx" else (None, None)
        row["inputs"] = ",".join(inputs) if inputs is not None else "-"
        row["outputs"] = ",".join(outputs) if outputs is not None else "-"

    columns = ["op", "domain", "since", "graph", "cpu_inputs", "graph_inputs", "query", "condition", "types", "inputs", "outputs"]
    dml_path = os.path.join(args.out, f"directml-{short(ort_version)}-operators.tsv")
    with open(dml_path, "w", encoding="utf-8", newline="\n") as f:
        f.write(f"# DirectML execution provider kernels of ONNX Runtime {ort_version}: {args.ort_origin}, {REGISTRATION}"
                f" (since-versions from {VERSIONS}); formal inputs/outputs from {args.onnx_origin}, docs/Changelog.md."
                f" Generated by tools/directml_operator_table.py; DFT, STFT and GridSample (custom shaders) are not listed.\n")
        f.write("\t".join(columns) + "\n")
        for row in rows:
            f.write("\t".join(str(row[c]) for c in columns) + "\n")

    onnx_path = os.path.join(args.out, f"onnx-{short(onnx_version)}-operator-versions.tsv")
    with open(onnx_path, "w", encoding="utf-8", newline="\n") as f:
        f.write(f"# Since-versions of the default-domain ops of ONNX {onnx_version}: {args.onnx_origin}, docs/Operators.md."
                f" Generated by tools/directml_operator_table.py.\n")
        f.write("op\tversions\n")
        for op in sorted(onnx_versions):
            f.write(f"{op}\t{','.join(map(str, onnx_versions[op]))}\n")

    print(f"{dml_path}: {len(rows)} registrations; {onnx_path}: {len(onnx_versions)} ops")


if __name__ == "__main__":
    main()
