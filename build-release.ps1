<#
.SYNOPSIS
    Builds DeepDream-<version>.zip, the package a Paint.NET user installs without the .NET SDK.

.DESCRIPTION
    Publishes the plugin with ONNX Runtime's DirectML build for x64 and ARM64 Windows and packs it
    with the model catalog, ResNet18, the licences of everything it ships, a short readme and
    install.ps1. Runs under PowerShell 7 on any system that reaches NuGet. Nothing is written into
    the repository: the build happens in a temporary folder.

.PARAMETER OutputDirectory
    Where to write the zip (created if missing; an older zip of the same version is replaced).

.PARAMETER Cpu
    Ship ONNX Runtime's CPU build instead of the DirectML one (no GPU), for feeds that do not
    serve the DirectML packages.

.PARAMETER NuGetConfig
    A NuGet.config to restore with instead of the usual ones.

.EXAMPLE
    ./build-release.ps1 -OutputDirectory out
.EXAMPLE
    ./build-release.ps1 -OutputDirectory out -Cpu
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [string] $OutputDirectory,
    [switch] $Cpu,
    [string] $NuGetConfig
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
Add-Type -AssemblyName System.IO.Compression.FileSystem

$Architectures = @('win-x64', 'win-arm64')
$DirectMLPackages = @('Microsoft.ML.OnnxRuntime.DirectML', 'Microsoft.AI.DirectML')

function Get-BuildProperty([string] $file, [string] $name) {
    $node = Select-Xml -LiteralPath (Join-Path $PSScriptRoot $file) -XPath "//$name" | Select-Object -First 1
    if (-not $node) { throw "$file has no <$name>." }
    return $node.Node.InnerText.Trim()
}

function Invoke-Dotnet([string[]] $arguments) {
    $output = & dotnet @arguments 2>&1 | ForEach-Object { "$_" }
    return [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = @($output) }
}

# Licence texts for packages that declare an SPDX expression but carry no licence file.
$LicenceTexts = @{
    'MIT' = @'
MIT License

{0}

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT
OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
'@
    'BSD-3-Clause' = @'
BSD 3-Clause License

{0}

Redistribution and use in source and binary forms, with or without modification, are permitted
provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this list of conditions
   and the following disclaimer.
2. Redistributions in binary form must reproduce the above copyright notice, this list of
   conditions and the following disclaimer in the documentation and/or other materials provided
   with the distribution.
3. Neither the name of the copyright holder nor the names of its contributors may be used to
   endorse or promote products derived from this software without specific prior written
   permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS OR
IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND
FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR
CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE,
DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER
IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF
THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
'@
}

function Restore-Plugin([string[]] $common) {
    $restore = Invoke-Dotnet (@('restore') + $common)
    if ($restore.ExitCode -eq 0) { return }
    $errors = @($restore.Output | Where-Object { $_ -match 'error' } | Select-Object -Unique)
    $missing = @($errors | Where-Object { $_ -match 'NU110[1-3]' -and $_ -match ($DirectMLPackages -join '|').Replace('.', '\.') })
    if (-not $Cpu -and $missing.Count -gt 0) {
        throw ("ONNX Runtime's DirectML packages ($($DirectMLPackages -join ', ')) could not be restored from the NuGet sources:`n" +
            ($missing -join "`n") + "`nRun build-release.ps1 with -Cpu to build the same package with ONNX Runtime's CPU build (no GPU).")
    }
    throw ("dotnet restore failed (exit code $($restore.ExitCode)):`n" + ($(if ($errors.Count) { $errors } else { $restore.Output }) -join "`n"))
}

function Assert-PluginFolder([string] $plugin) {
    $forbidden = @(Get-ChildItem -LiteralPath $plugin -Recurse -Filter 'PaintDotNet*.dll')
    if ($forbidden.Count -gt 0) { throw "The build contains Paint.NET's own assemblies ($($forbidden.Name -join ', ')); they must never be shipped." }
    $required = @('DeepDreamEffect.dll', 'DeepDreamEffect.deps.json', 'models/models.json', 'models/imagenet-classes.txt', 'models/ResNet18.onnx')
    foreach ($architecture in $Architectures) {
        $required += "runtimes/$architecture/native/onnxruntime.dll"
        if (-not $Cpu) { $required += "runtimes/$architecture/native/DirectML.dll" }
    }
    $missing = @($required | Where-Object { -not (Test-Path -LiteralPath (Join-Path $plugin $_) -PathType Leaf) })
    if ($missing.Count -gt 0) { throw "The published plugin lacks $($missing -join ', ')." }
}

# Each package whose files the plugin folder holds, with its folder in the NuGet package cache.
function Get-ShippedPackages([string] $plugin, [string] $artifacts) {
    $assets = Get-Content -Raw -LiteralPath (Join-Path $artifacts 'obj/Plugin/project.assets.json') | ConvertFrom-Json
    $root = @($assets.packageFolders.PSObject.Properties.Name)[0]
    $deps = Get-Content -Raw -LiteralPath (Join-Path $plugin 'DeepDreamEffect.deps.json') | ConvertFrom-Json
    $packages = @($deps.libraries.PSObject.Properties | Where-Object { $_.Value.type -eq 'package' } | ForEach-Object {
        $id, $version = $_.Name -split '/'
        [pscustomobject]@{ Id = $id; Version = $version; Folder = Join-Path $root $_.Value.path; Use = 'libraries' }
    })
    if (-not $Cpu) {
        $library = $assets.libraries.PSObject.Properties | Where-Object { $_.Name -like 'Microsoft.AI.DirectML/*' } | Select-Object -First 1
        $packages += [pscustomobject]@{ Id = 'Microsoft.AI.DirectML'; Version = ($library.Name -split '/')[1]; Folder = Join-Path $root $library.Value.path; Use = 'DirectML.dll' }
    }
    $resnet = Get-BuildProperty 'Directory.Packages.props' 'ResNet18PackageVersion'
    $packages += [pscustomobject]@{ Id = 'Microsoft.ML.DnnImageFeaturizer.ResNet18'; Version = $resnet; Folder = Join-Path $root "microsoft.ml.dnnimagefeaturizer.resnet18/$resnet"; Use = 'models/ResNet18.onnx' }
    return $packages
}

function Write-Licences([object[]] $packages, [string] $licences) {
    New-Item -ItemType Directory -Path $licences | Out-Null
    $index = @(
        'DeepDream for Paint.NET ships the following third-party components. Each one''s licence and notices',
        'are in the folder of the same name beside this file.',
        '',
        'Paint.NET''s own assemblies are not part of this package.',
        '')
    foreach ($package in $packages | Sort-Object Id) {
        $nuspec = Get-ChildItem -LiteralPath $package.Folder -Filter '*.nuspec' | Select-Object -First 1
        if (-not $nuspec) { throw "The package folder of $($package.Id) $($package.Version) ($($package.Folder)) has no .nuspec." }
        $metadata = ([xml](Get-Content -Raw -LiteralPath $nuspec.FullName)).package.metadata
        $target = Join-Path $licences $package.Id
        New-Item -ItemType Directory -Path $target | Out-Null
        $files = @(Get-ChildItem -LiteralPath $package.Folder -File | Where-Object { $_.Name -match '^(LICENSE|LICENCE|.*NOTICE)' })
        $files | Copy-Item -Destination $target
        $licenceNode = $metadata.SelectSingleNode("*[local-name()='license']")
        $licence = if (-not $licenceNode) { "see $($files.Name -join ', ')" }
            elseif ($licenceNode.GetAttribute('type') -eq 'file') { "licence in $($licenceNode.InnerText)" }
            else { $licenceNode.InnerText }
        if ($licenceNode -and $licenceNode.GetAttribute('type') -eq 'expression') {
            if (-not ($files | Where-Object { $_.Name -match '^(LICENSE|LICENCE)' })) {
                if (-not $LicenceTexts.ContainsKey($licence)) { throw "$($package.Id) is licensed under $licence, which build-release.ps1 has no text for." }
                $copyright = $metadata.SelectSingleNode("*[local-name()='copyright']")
                $holder = if ($copyright) { $copyright.InnerText } else { "Copyright (c) $($metadata.authors)" }
                Set-Content -LiteralPath (Join-Path $target 'LICENSE.txt') -Value ($LicenceTexts[$licence] -f $holder)
            }
        }
        $project = $metadata.SelectSingleNode("*[local-name()='projectUrl']")
        $index += "$($package.Id) $($package.Version) ($($package.Use)): $licence$(if ($project) { ", $($project.InnerText)" })"
    }
    Set-Content -LiteralPath (Join-Path $licences 'THIRD-PARTY-NOTICES.txt') -Value $index
}

$version = Get-BuildProperty 'Directory.Build.props' 'Version'
$flavour = if ($Cpu) { 'CPU' } else { 'DirectML' }
New-Item -ItemType Directory -Path $OutputDirectory -Force | Out-Null
$zip = Join-Path (Resolve-Path -LiteralPath $OutputDirectory).Path "DeepDream-$version.zip"
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("deepdream-release-" + [System.Guid]::NewGuid().ToString('N'))
try {
    $artifacts = Join-Path $work 'artifacts'
    $stage = Join-Path $work 'stage'
    $plugin = Join-Path $stage 'DeepDream'
    $common = @((Join-Path $PSScriptRoot 'Plugin/Plugin.csproj'), '-p:Configuration=Release', "-p:UseDirectML=$(if ($Cpu) { 'false' } else { 'true' })",
        '--artifacts-path', $artifacts, '--nologo')
    if ($NuGetConfig) { $common += "-p:RestoreConfigFile=$((Resolve-Path -LiteralPath $NuGetConfig).Path)" }

    Write-Host "Restoring the plugin's packages ($flavour)..."
    Restore-Plugin $common
    Write-Host "Publishing DeepDream $version ($flavour)..."
    $publish = Invoke-Dotnet (@('publish') + $common + @('--no-restore', '-o', $plugin))
    if ($publish.ExitCode -ne 0) {
        throw ("dotnet publish failed (exit code $($publish.ExitCode)):`n" + (($publish.Output | Where-Object { $_ -match 'error' } | Select-Object -Unique) -join "`n"))
    }
    # Paint.NET 5 runs on x64 and ARM64 Windows only.
    Get-ChildItem -LiteralPath (Join-Path $plugin 'runtimes') -Directory | Where-Object { $_.Name -notin $Architectures } | Remove-Item -Recurse -Force
    Assert-PluginFolder $plugin

    Write-Licences (Get-ShippedPackages $plugin $artifacts) (Join-Path $stage 'licences')
    Copy-Item -LiteralPath (Join-Path $PSScriptRoot 'install.ps1') -Destination $stage
    Copy-Item -LiteralPath (Join-Path $PSScriptRoot 'docs/release-readme.txt') -Destination (Join-Path $stage 'README.txt')
    Set-Content -LiteralPath (Join-Path $stage 'VERSION.txt') -Value "DeepDream for Paint.NET $version, ONNX Runtime $flavour build"

    if (Test-Path -LiteralPath $zip) { Remove-Item -LiteralPath $zip -Force }
    [System.IO.Compression.ZipFile]::CreateFromDirectory($stage, $zip, [System.IO.Compression.CompressionLevel]::Optimal, $false)
    Write-Host ('Wrote {0} ({1:N1} MB)' -f $zip, ((Get-Item -LiteralPath $zip).Length / 1MB))
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
