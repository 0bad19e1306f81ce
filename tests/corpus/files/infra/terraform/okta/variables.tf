variable "okta_org_name" {
  type    = string
  default = "acme"
}

variable "okta_api_token" {
  type      = string
  sensitive = true
  default   = "00N6vF5FrhtQ93l0GMYTj_x3HR1Uhe_nxtViwZDPCX"
}

variable "okta_admin_token" {
  type      = string
  sensitive = true
  default   = ""
}
