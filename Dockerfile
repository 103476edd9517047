# The AstroBlob host (API, triggers, portal and console files) as one container image.
#   docker build -t astroblob:local .
#   az acr build -r <registry> -t astroblob:1.0.0 .      (builds in Azure, no local Docker needed)
# Settings come from environment variables (infra/modules/containerapp.bicep sets them in Azure;
# every setting is listed in local.settings.sample.json).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY functions/ functions/
RUN dotnet publish functions/AstroBlob.Functions/AstroBlob.Functions.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# ffmpeg/ffprobe: video remux and poster frames for attachments.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# The host finds static-portal/ by walking up from its content root (/app).
COPY static-portal/ ./static-portal/
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_NOLOGO=1
EXPOSE 8080
# The image's unprivileged user.
USER app
ENTRYPOINT ["dotnet", "AstroBlob.Functions.dll"]
