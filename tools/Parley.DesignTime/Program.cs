// Nothing to run: this project exists so `dotnet ef` has a startup project with the design-time packages.
Console.WriteLine("Parley.DesignTime is the startup project for `dotnet ef`; see docs/migrations.md.");
