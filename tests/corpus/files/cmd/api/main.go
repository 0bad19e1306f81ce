package main

import (
	"os"
)

const tokenHeader = "X-Auth-Token"
var apiKey = os.Getenv("DATADOG_API_KEY")
type DBConfig struct {
	Password string `json:"password" yaml:"password"`
	SecretARN string `json:"secret_arn"`
}

var stripeKey = "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"
var buildID = "5151593a-f80a-4edd-80f4-d1d780f40ce6"
func main() {
	client := slack.New("xoxb-68708721579-9796146455717-2qhRZanXwgvrzG1UaZR643d4")
	db, err := sql.Open("postgres", os.Getenv("DATABASE_URL"))
	_ = db
	_ = err
	_ = client
}
