datacenter = "dc-east"
data_dir = "/opt/consul"
server = true
encrypt = "Popecerw0XNurDRXnxRJwKK5mRnou8A6uTvJ1csK5JM="
acl {
  enabled = true
  default_policy = "deny"
  tokens {
    initial_management = "2de6b541-9b1f-4996-b6d9-9ec20f34df3b"
    agent = "${CONSUL_AGENT_TOKEN}"
  }
}
