# The gateway image, for users who have Docker (the build machines have no Docker engine; scripts/ run
# the same services from Debian packages instead).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/SmsSaga.Gateway -c Release -o /out/gateway \
 && dotnet publish src/SmsSaga.Cli -c Release -o /out/cli

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /out/gateway ./
COPY --from=build /out/cli ./cli/
ENV ASPNETCORE_URLS=http://0.0.0.0:4000
EXPOSE 4000
# Migrate and seed the demo client, then serve.
ENTRYPOINT ["sh", "-c", "dotnet cli/smssaga.dll migrate && dotnet cli/smssaga.dll clients ensure --id demo --name 'Demo client' --credit 100 && exec dotnet SmsSaga.Gateway.dll"]
