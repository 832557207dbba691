using BrowserSampler;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<SamplerPage>("#app");
await builder.Build().RunAsync();
