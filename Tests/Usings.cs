global using Xunit;
global using DeepDream.Core.Objectives;
