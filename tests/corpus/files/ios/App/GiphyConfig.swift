        Giphy.configure(apiKey: "BWVBPDUMtwropudjkmei01914YZUqlNu")
    internal val passwordValidationDebounce = 500.milliseconds
    public const string PasswordGeneratorUppercase = "pwGenerator:uppercase";
            buildConfigField "String", "PODCASTINDEX_API_KEY", '"' + podcastindexApiKey + '"'
