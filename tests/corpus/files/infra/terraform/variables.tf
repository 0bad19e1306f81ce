variable "db_password" {
  type      = string
  sensitive = true
  default   = ""
}

variable "api_token" {
  type = string
  description = "API token for the partner integration; set via TF_VAR_api_token"
}
