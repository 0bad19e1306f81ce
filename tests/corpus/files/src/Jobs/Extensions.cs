            Pass = hangfireOptions.Password!,
    var url = $"https://app.plex.tv/desktop#!/server/{serverId}/details?key=library%2Fmetadata%2F{mediaId}";
