datacenter = "dc-east"
data_dir = "/opt/consul"
server = true
encrypt = "6ecpW/dd1AELZvL8KyQ1fzNQ6GMhLYrdt+ueNuALIIU="
acl {
  enabled = true
  default_policy = "deny"
  tokens {
    initial_management = "05626d2a-fe91-491f-8a3d-8c3bccbd8da8"
    agent = "${CONSUL_AGENT_TOKEN}"
  }
}
