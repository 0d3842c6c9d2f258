<#
.SYNOPSIS
    Installs the DeepDream effect into Paint.NET 5.1 (Effects > DeepDream).

.DESCRIPTION
    Copies the plugin, the model catalog and the default model (ResNet18) into <Effects>\DeepDream.
    Run from an unpacked release (DeepDream-<version>.zip, made by build-release.ps1), it installs
    the prebuilt DeepDream folder beside it and needs no .NET SDK; run from a clone of the
    repository, it builds the plugin first (dotnet publish, Release; with DirectML on Windows).
    Optionally downloads more models from the ONNX Model Zoo and checks their SHA-256. Installing
    into Paint.NET's own folder under Program Files needs administrator rights. Works in Windows
    PowerShell 5.1 and PowerShell 7; elsewhere (Linux, macOS) only with -Destination.

.PARAMETER Destination
    The Paint.NET Effects folder. Default: the classic install (Program Files\paint.net\Effects),
    else the Microsoft Store install (Documents\paint.net App Files\Effects).

.PARAMETER Model
    Extra models to download: googlenet, inception-v3, or all.

.PARAMETER Force
    Replace a DeepDream folder that this installer did not create.

.PARAMETER Uninstall
    Remove the DeepDream folder this installer created, and nothing else.

.PARAMETER Catalog
    The model catalog to take download addresses and hashes from (default: the plugin's
    models/models.json).

.EXAMPLE
    ./install.ps1
.EXAMPLE
    ./install.ps1 -Model googlenet
.EXAMPLE
    ./install.ps1 -Uninstall
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [string] $Destination,
    [ValidateSet('googlenet', 'inception-v3', 'all')]
    [string[]] $Model = @(),
    [switch] $Force,
    [switch] $Uninstall,
    [string] $Catalog
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$PluginFolderName = 'DeepDream'
$Marker = '.deepdream-install'
$IsWindowsHost = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
# An unpacked release has the plugin prebuilt beside this script; a clone has its sources.
$Prebuilt = Join-Path $PSScriptRoot $PluginFolderName
$IsRelease = Test-Path -LiteralPath (Join-Path $Prebuilt 'DeepDreamEffect.dll') -PathType Leaf
if (-not $Catalog) {
    $Catalog = if ($IsRelease) { Join-Path $Prebuilt 'models/models.json' } else { Join-Path $PSScriptRoot 'models/models.json' }
}

function Find-EffectsFolder {
    if ($Destination) {
        if (-not (Test-Path -LiteralPath $Destination -PathType Container)) {
            throw "The Effects folder '$Destination' does not exist."
        }
        return (Resolve-Path -LiteralPath $Destination).Path
    }
    if (-not $IsWindowsHost) {
        throw 'Paint.NET runs on Windows only; on this system give the Effects folder with -Destination.'
    }
    $candidates = @(
        (Join-Path $env:ProgramFiles 'paint.net\Effects'),
        (Join-Path ([Environment]::GetFolderPath('MyDocuments')) 'paint.net App Files\Effects')
    )
    foreach ($candidate in $candidates) {
        if (Test-Path -LiteralPath $candidate -PathType Container) { return $candidate }
    }
    throw "No Paint.NET Effects folder was found (looked in: $($candidates -join '; ')). Install Paint.NET 5.1, or give the folder with -Destination."
}

function Test-Elevated {
    # The tests set DEEPDREAM_ELEVATED (1 or 0) to play a user with or without administrator rights.
    if ($env:DEEPDREAM_ELEVATED) { return $env:DEEPDREAM_ELEVATED -eq '1' }
    if ($IsWindowsHost) {
        $principal = New-Object System.Security.Principal.WindowsPrincipal([System.Security.Principal.WindowsIdentity]::GetCurrent())
        return $principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
    }
    return (& id -u) -eq '0'
}

# Paint.NET's own install folder lies under Program Files, which only administrators may change;
# the Effects folder in the user's documents needs no rights.
function Assert-MayWrite([string] $effects) {
    $roots = @($env:ProgramFiles, ${env:ProgramFiles(x86)}, $env:ProgramW6432) | Where-Object { $_ } |
        ForEach-Object { [System.IO.Path]::GetFullPath($_).TrimEnd('\', '/') + [System.IO.Path]::DirectorySeparatorChar }
    $folder = [System.IO.Path]::GetFullPath($effects).TrimEnd('\', '/') + [System.IO.Path]::DirectorySeparatorChar
    $protected = @($roots | Where-Object { $folder.StartsWith($_, [System.StringComparison]::OrdinalIgnoreCase) }).Count -gt 0
    if ($protected -and -not (Test-Elevated)) {
        $documents = [Environment]::GetFolderPath('MyDocuments')
        if (-not $documents) { $documents = Join-Path $HOME 'Documents' }
        $documents = Join-Path $documents 'paint.net App Files\Effects'
        throw "Changing '$effects' needs administrator rights: open PowerShell with 'Run as administrator' and run install.ps1 again. Or install for your account only, which needs no rights: create '$documents' and add -Destination `"$documents`" (Paint.NET also loads effects from there)."
    }
}

function Assert-Ours([string] $target) {
    if ((Test-Path -LiteralPath $target) -and -not (Test-Path -LiteralPath (Join-Path $target $Marker)) -and -not $Force) {
        throw "'$target' exists but was not created by this installer; use -Force to replace it."
    }
}

function Build-Plugin {
    if (-not (Test-Path -LiteralPath (Join-Path $PSScriptRoot 'Plugin/Plugin.csproj') -PathType Leaf)) {
        throw "Neither a prebuilt plugin ($Prebuilt) nor the plugin's sources (Plugin/Plugin.csproj) are beside install.ps1: run it from an unpacked release or from a clone of the repository."
    }
    $staging = Join-Path ([System.IO.Path]::GetTempPath()) ("deepdream-build-" + [System.Guid]::NewGuid().ToString('N'))
    $project = Join-Path $PSScriptRoot 'Plugin/Plugin.csproj'
    Write-Host "Building the plugin ($(if ($IsWindowsHost) { 'DirectML' } else { 'CPU' }))..."
    & dotnet publish $project -c Release -o $staging --nologo -v q
    if ($LASTEXITCODE -ne 0) { throw "dotnet publish failed (exit code $LASTEXITCODE)." }
    if ($IsWindowsHost) {
        # Paint.NET 5.1 runs on x64 and ARM64 Windows; other platforms' native libraries are dead weight.
        Get-ChildItem -LiteralPath (Join-Path $staging 'runtimes') -Directory -ErrorAction SilentlyContinue |
            Where-Object { $_.Name -notin @('win-x64', 'win-arm64') } |
            Remove-Item -Recurse -Force
    }
    try { Assert-NoPaintDotNet $staging }
    catch {
        Remove-Item -LiteralPath $staging -Recurse -Force
        throw
    }
    return $staging
}

function Assert-NoPaintDotNet([string] $folder) {
    $forbidden = @(Get-ChildItem -LiteralPath $folder -Recurse -Filter 'PaintDotNet*.dll')
    if ($forbidden.Count -gt 0) {
        throw "The plugin folder '$folder' contains Paint.NET's own assemblies ($($forbidden.Name -join ', ')); they must never be copied."
    }
}

function Install-Plugin([string] $target) {
    Assert-Ours $target
    $action = if ($IsRelease) { "Copy the prebuilt plugin from $Prebuilt with the model catalog and ResNet18" } else { 'Build the plugin and copy it with the model catalog and ResNet18' }
    if (-not $PSCmdlet.ShouldProcess($target, $action)) { return }
    if ($IsRelease) {
        Write-Host "Installing the prebuilt plugin from $Prebuilt..."
        Assert-NoPaintDotNet $Prebuilt
        $source = $Prebuilt
    }
    else {
        $source = Build-Plugin
    }
    try {
        if (Test-Path -LiteralPath $target) { Remove-Item -LiteralPath $target -Recurse -Force }
        New-Item -ItemType Directory -Path $target | Out-Null
        Copy-Item -Path (Join-Path $source '*') -Destination $target -Recurse -Force
        Set-Content -LiteralPath (Join-Path $target $Marker) -Value 'Created by DeepDream install.ps1; -Uninstall removes this folder.'
        Write-Host "Installed the DeepDream effect into $target"
    }
    finally {
        if (-not $IsRelease) { Remove-Item -LiteralPath $source -Recurse -Force -ErrorAction SilentlyContinue }
    }
}

function Get-Sha256([string] $path) {
    return (Get-FileHash -LiteralPath $path -Algorithm SHA256).Hash.ToLowerInvariant()
}

function Save-Download([string] $url, [string] $path, [long] $expectedBytes) {
    $request = [System.Net.WebRequest]::Create($url)
    $response = $request.GetResponse()
    try {
        $download = $response.GetResponseStream()
        $output = [System.IO.File]::Create($path)
        try {
            $buffer = New-Object byte[] 1048576
            $total = 0L
            while (($read = $download.Read($buffer, 0, $buffer.Length)) -gt 0) {
                $output.Write($buffer, 0, $read)
                $total += $read
                if ($expectedBytes -gt 0) {
                    Write-Progress -Activity "Downloading $(Split-Path $path -Leaf)" -Status ('{0:N0} of {1:N0} MB' -f ($total / 1MB), ($expectedBytes / 1MB)) -PercentComplete ([Math]::Min(100, 100 * $total / $expectedBytes))
                }
            }
        }
        finally {
            $output.Dispose()
            $download.Dispose()
        }
    }
    finally {
        $response.Dispose()
        Write-Progress -Activity 'Downloading' -Completed
    }
}

function Install-Model([string] $id, [string] $target) {
    $entry = (Get-Content -LiteralPath $Catalog -Raw | ConvertFrom-Json).models | Where-Object { $_.id -eq $id }
    if (-not $entry) { throw "Model '$id' is not in the catalog '$Catalog'." }
    $models = Join-Path $target 'models'
    $file = Join-Path $models $entry.file
    if ((Test-Path -LiteralPath $file) -and (Get-Sha256 $file) -eq $entry.sha256) {
        Write-Host "$($entry.displayName) is already installed."
        return
    }
    if (-not $PSCmdlet.ShouldProcess($file, "Download $($entry.displayName) from $($entry.source.url) and check its SHA-256")) { return }
    $partial = "$file.partial"
    try {
        Save-Download $entry.source.url $partial ([long] $entry.sizeBytes)
    }
    catch {
        Remove-Item -LiteralPath $partial -Force -ErrorAction SilentlyContinue
        throw "Downloading $($entry.displayName) from $($entry.source.url) failed: $($_.Exception.Message)"
    }
    $actual = Get-Sha256 $partial
    if ($actual -ne $entry.sha256) {
        Remove-Item -LiteralPath $partial -Force
        throw "The download of $($entry.displayName) is damaged or not the expected file (SHA-256 $actual, expected $($entry.sha256)); nothing was installed."
    }
    Move-Item -LiteralPath $partial -Destination $file -Force
    Write-Host "Installed $($entry.displayName) ($($entry.licence))."
}

$effects = Find-EffectsFolder
$target = Join-Path $effects $PluginFolderName

if ($Uninstall) {
    if (-not (Test-Path -LiteralPath $target)) {
        Write-Host "Nothing to uninstall: $target does not exist."
        return
    }
    if (-not (Test-Path -LiteralPath (Join-Path $target $Marker))) {
        throw "'$target' was not created by this installer, so it is left alone."
    }
    Assert-MayWrite $effects
    if ($PSCmdlet.ShouldProcess($target, 'Remove the DeepDream effect')) {
        Remove-Item -LiteralPath $target -Recurse -Force
        Write-Host "Removed $target. Restart Paint.NET."
    }
    return
}

Assert-MayWrite $effects
Install-Plugin $target
$ids = if ($Model -contains 'all') { @('googlenet', 'inception-v3') } else { @($Model) }
foreach ($id in $ids) { Install-Model $id $target }
if (-not $WhatIfPreference) {
    Write-Host 'Done. Restart Paint.NET and find the effect under Effects > DeepDream.'
}
