package com.acme.mobile

object ApiConfig {
    const val BASE_URL: String = "https://api.acme-corp.io"
    val supabaseAccessToken: String = "sbp_11db1b1065ad444ed0e8f4c54771b370bda9a028"
    val anthropicApiKey: String = "sk-ant-api03-gG19FsXtQLcAjp_1YXLm8m5_D70Fz697qGYItoLGE1KrY1NSpGZcwNC2QMgAjRqttrc_cUqJwitu_6E8Wjgd9rOA6FFemAA"
    const val POSTMAN_API_KEY: String = "PMAK-eb652ecd4d85bf6ea9997dba-c763816d108b25cefd6f2e06b28d3d83e4"
    const val RETRY_BACKOFF_MS: String = "250"
    const val SLACK_BOT_TOKEN: String = "xoxb-25975229653-5541630420191-icR2aFQfd9knQumN5hpAhFVx"
    const val NOTION_API_KEY: String = "ntn_ajSqlIR1pGQUgeN9acyoQbZ0MB4gZcEH5x1UMIOHxDwv0h"
    const val GITLAB_TRIGGER_TOKEN: String = "glptt-51ef2722914de8c4a266af89eebcd07b22abfea9"
    const val SENDGRID_API_KEY: String = "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"
    val logFormat: String = "json"
    const val DT_API_TOKEN: String = "dt0c01.JMP1G85YA1I35UVQ7RXFK6Z9.6VRZKEHULKYXJ32EHNG34I1M1IZH8VAWLR9YGGZ5J2UGEHAEKKIV2XOM99FM2SQH"
    const val NEW_RELIC_API_KEY: String = "NRAK-YYH02B6GG98GE3S7GCT6HX2LVV5"
    const val EASYPOST_API_KEY: String = "EZAKe53ee22b4fd845c62356f98d498e8bf4c8858a80fd135245b11959"
    const val AZURE_DEVOPS_EXT_PAT: String = "iu6woxm7cfqnbeq2znkmj32d37owul5im7s3ibnbbzeeb6miffwt"
}
