using AstroBlob.Functions;
using AstroBlob.Functions.Observability;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddAstroBlobLogging(builder.Environment);
builder.Services.AddAstroBlob(builder.Configuration);

var app = builder.Build();
app.UseAstroBlob();
app.Run();

/// <summary>The entry point, public so that integration tests can host it in-process.</summary>
public partial class Program;
