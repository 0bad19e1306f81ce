// SPDX-License-Identifier: Apache-2.0
// Kubernetes manifests and `kubectl get ... -o yaml|json` exports.
//
// Objects are gathered first (Lists flattened), then read in dependency
// order: roles before bindings, service accounts and secrets before the
// workloads and bindings that point at them, so a binding can mark the fact
// of the account it grants.
#include <algorithm>
#include <map>

#include "analyze/analyzers.hpp"
#include "analyze/yaml_util.hpp"
#include "nhi/finding.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

struct k8s_object {
  YAML::Node node;
  std::string kind;
  std::string name;
  std::string ns;  // as declared; empty for cluster-scoped or unset
  std::uint64_t line = 0;
};

const char* const kWorkloadKinds[] = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
                                      "ReplicationController", "Job", "CronJob", "Pod"};

std::vector<std::string> scalar_list(const YAML::Node& node) {
  std::vector<std::string> values;
  if (yaml_is_seq(node)) {
    for (const YAML::Node& item : node)
      if (item.IsScalar()) values.push_back(item.Scalar());
  } else if (node.IsDefined() && node.IsScalar()) {
    values.push_back(node.Scalar());
  }
  return values;
}

bool has_wildcard(const std::vector<std::string>& values) {
  return std::find(values.begin(), values.end(), "*") != values.end();
}

std::string join(const std::vector<std::string>& values, const char* sep = ",") {
  std::string out;
  for (const std::string& v : values) {
    if (!out.empty()) out += sep;
    out += v;
  }
  return out;
}

void collect_objects(const YAML::Node& doc, const std::string& item_kind, int depth,
                     std::vector<k8s_object>& out) {
  if (!yaml_is_map(doc) || depth > 4) return;
  std::string kind = yaml_string(doc, "kind");
  if (kind.empty()) kind = item_kind;  // items of a typed list (ServiceAccountList) may omit it
  const YAML::Node items = yaml_child(doc, "items");
  if ((kind == "List" || ends_with(kind, "List")) && yaml_is_seq(items)) {
    const std::string inner = kind == "List" ? std::string() : kind.substr(0, kind.size() - 4);
    for (const YAML::Node& item : items) collect_objects(item, inner, depth + 1, out);
    return;
  }
  if (kind.empty()) return;
  const YAML::Node metadata = yaml_child(doc, "metadata");
  out.push_back({doc, kind, yaml_string(metadata, "name"), yaml_string(metadata, "namespace"),
                 yaml_line(doc)});
}

class k8s_analysis {
 public:
  k8s_analysis(const source_file& file, k8s_origin origin, analysis_result& out)
      : file_(file), origin_(origin), out_(out) {}

  void run(const std::vector<k8s_object>& objects) {
    for (const k8s_object& o : objects)
      if (o.kind == "Role" || o.kind == "ClusterRole") read_role(o);
    for (const k8s_object& o : objects) {
      if (o.kind == "ServiceAccount") read_service_account(o);
      else if (o.kind == "Secret") read_secret(o);
    }
    for (const k8s_object& o : objects)
      if (std::find(std::begin(kWorkloadKinds), std::end(kWorkloadKinds), o.kind) != std::end(kWorkloadKinds))
        read_workload(o);
    for (const k8s_object& o : objects)
      if (o.kind == "RoleBinding" || o.kind == "ClusterRoleBinding") read_binding(o);
  }

 private:
  static std::string effective_ns(const std::string& ns) { return ns.empty() ? "default" : ns; }

  identity_fact& service_account(const std::string& ns, const std::string& name, std::uint64_t line) {
    const std::string key = effective_ns(ns) + "/" + name;
    if (auto it = service_accounts_.find(key); it != service_accounts_.end()) return out_.identities[it->second];
    identity_fact f = make_fact("service_account", "kubernetes", name, file_, line);
    f.namespace_ = ns;
    f.external_ids.push_back("system:serviceaccount:" + effective_ns(ns) + ":" + name);
    service_accounts_[key] = out_.identities.size();
    out_.identities.push_back(std::move(f));
    return out_.identities.back();
  }

  identity_fact& secret(const std::string& ns, const std::string& name, std::uint64_t line) {
    const std::string key = effective_ns(ns) + "/" + name;
    if (auto it = secrets_.find(key); it != secrets_.end()) return out_.identities[it->second];
    identity_fact f = make_fact("k8s_secret", "kubernetes", name, file_, line);
    f.namespace_ = ns;
    f.external_ids.push_back("kubernetes:secret:" + key);
    secrets_[key] = out_.identities.size();
    out_.identities.push_back(std::move(f));
    return out_.identities.back();
  }

  static void read_owner(const YAML::Node& metadata, identity_fact& f) {
    for (const auto& [section, source] : {std::pair{"labels", "label:"}, std::pair{"annotations", "annotation:"}}) {
      const YAML::Node entries = yaml_child(metadata, section);
      for (const char* key : {"owner", "team", "app.kubernetes.io/owner", "owner.team"}) {
        const std::string v = yaml_string(entries, key);
        if (!v.empty() && f.owner.empty()) {
          f.owner = v;
          f.owner_source = std::string(source) + key;
        }
      }
    }
  }

  void read_role(const k8s_object& o) {
    std::vector<std::string> wildcards;
    const YAML::Node rules = yaml_child(o.node, "rules");
    if (yaml_is_seq(rules)) {
      for (const YAML::Node& rule : rules) {
        const auto verbs = scalar_list(yaml_child(rule, "verbs"));
        const auto resources = scalar_list(yaml_child(rule, "resources"));
        if (!has_wildcard(verbs) && !has_wildcard(resources)) continue;
        std::string groups = join(scalar_list(yaml_child(rule, "apiGroups")));
        wildcards.push_back("verbs=[" + join(verbs) + "] resources=[" + join(resources) +
                            "] apiGroups=[" + groups + "]");
      }
    }
    if (wildcards.empty()) return;
    const std::string key = o.kind == "ClusterRole" ? "ClusterRole/" + o.name
                                                    : "Role/" + effective_ns(o.ns) + "/" + o.name;
    wildcard_roles_[key] = join(wildcards, "; ");
  }

  void read_service_account(const k8s_object& o) {
    identity_fact& f = service_account(o.ns, o.name, o.line);
    f.line = o.line;
    f.attributes["declared"] = "true";
    const YAML::Node metadata = yaml_child(o.node, "metadata");
    f.created_at = yaml_string(metadata, "creationTimestamp");
    read_owner(metadata, f);
    const YAML::Node automount = yaml_child(o.node, "automountServiceAccountToken");
    if (automount.IsDefined()) f.attributes["automount_token"] = yaml_truthy(automount) ? "true" : "false";
    // Workload identity: the cloud identity this account is federated to.
    const YAML::Node annotations = yaml_child(metadata, "annotations");
    static const std::pair<const char*, const char*> kFederation[] = {
        {"eks.amazonaws.com/role-arn", "aws role "},
        {"iam.gke.io/gcp-service-account", "gcp service account "},
        {"azure.workload.identity/client-id", "azure client "}};
    for (const auto& [annotation, label] : kFederation) {
      const std::string target = yaml_string(annotations, annotation);
      if (target.empty()) continue;
      f.trust.push_back(std::string(label) + target);
      f.attributes[annotation] = target;
    }
  }

  void read_secret(const k8s_object& o) {
    const std::string type = yaml_string(o.node, "type").empty() ? "Opaque" : yaml_string(o.node, "type");
    const YAML::Node metadata = yaml_child(o.node, "metadata");
    const YAML::Node annotations = yaml_child(metadata, "annotations");
    if (type == "kubernetes.io/service-account-token") {
      read_legacy_token(o, annotations);
      return;
    }
    const std::size_t index = index_of_secret(o.ns, o.name, o.line);
    {
      identity_fact& f = out_.identities[index];
      f.line = o.line;
      f.attributes["declared"] = "true";
      f.attributes["type"] = type;
      f.created_at = yaml_string(metadata, "creationTimestamp");
      read_owner(metadata, f);
    }
    std::vector<std::string> keys, undecodable;
    std::size_t values_with_content = 0;
    const YAML::Node data = yaml_child(o.node, "data");
    if (yaml_is_map(data)) {
      for (auto it = data.begin(); it != data.end(); ++it) {
        const std::string key = yaml_scalar(it->first);
        keys.push_back(key);
        std::string encoded = yaml_scalar(it->second);
        encoded.erase(std::remove_if(encoded.begin(), encoded.end(),
                                     [](char c) { return c == '\n' || c == '\r' || c == ' '; }),
                      encoded.end());
        std::string decoded;
        if (!base64_decode(encoded, decoded)) {
          undecodable.push_back(key);
          continue;
        }
        if (!decoded.empty()) ++values_with_content;
        read_secret_value(index, key, decoded, type, yaml_line(it->second));
      }
    }
    const YAML::Node string_data = yaml_child(o.node, "stringData");
    if (yaml_is_map(string_data)) {
      for (auto it = string_data.begin(); it != string_data.end(); ++it) {
        const std::string key = yaml_scalar(it->first);
        keys.push_back(key);
        const std::string value = yaml_scalar(it->second);
        if (!value.empty()) ++values_with_content;
        read_secret_value(index, key, value, type, yaml_line(it->second));
      }
    }
    std::sort(keys.begin(), keys.end());
    identity_fact& f = out_.identities[index];
    f.attributes["keys"] = join(keys);
    if (!undecodable.empty()) f.attributes["invalid_base64"] = join(undecodable);

    if (origin_ == k8s_origin::manifest && values_with_content > 0) {
      f.attributes["value_source"] = "literal";  // base64 in the repository is plaintext
      const std::string subject = f.external_ids.front();
      add_finding(out_, "k8s-secret-in-manifest", "NHI2", "high",
                  "Secret " + effective_ns(o.ns) + "/" + o.name + " carries " +
                      std::to_string(values_with_content) +
                      " value(s) in a committed manifest; base64 is an encoding, not encryption. "
                      "Keep the values in a secret store (External Secrets, Sealed Secrets, SOPS) "
                      "and rotate them.",
                  subject, file_, o.line);
      out_.findings.back().environment = infer_environment(o.ns);
    }
  }

  // Reads what a decoded value says about the identity without keeping the
  // value: key ids, registry names, and the fingerprint the scanner would give.
  // Takes an index because registry facts are appended to out_.identities.
  void read_secret_value(std::size_t index, const std::string& key, const std::string& value,
                         const std::string& type, std::uint64_t line) {
    if (value.empty()) return;
    {
      identity_fact& f = out_.identities[index];
      f.attributes["fingerprint." + key] = fingerprint_of(value);
      if (looks_like_aws_key_id(trim(value))) {
        f.external_ids.push_back(trim(value));
        f.provider = "aws";
      }
    }
    if (type != "kubernetes.io/dockerconfigjson" && type != "kubernetes.io/dockercfg") return;
    analysis_result registries;
    try {
      json config = parse_json(value);
      // .dockercfg is the bare "auths" map of the older format.
      if (type == "kubernetes.io/dockercfg") config = json{{"auths", config}};
      docker_auth_facts(config, file_, line, registries);
    } catch (const parse_failure&) {
      return;  // not a docker config after all: the fingerprint is all we keep
    }
    std::vector<std::string> names;
    for (identity_fact& r : registries.identities) {
      names.push_back(r.attributes["registry"]);
      r.parent = out_.identities[index].external_ids.front();
      r.namespace_ = out_.identities[index].namespace_;
      out_.identities.push_back(std::move(r));
    }
    out_.identities[index].attributes["registries"] = join(names);
  }

  void read_legacy_token(const k8s_object& o, const YAML::Node& annotations) {
    const std::string account = yaml_string(annotations, "kubernetes.io/service-account.name");
    identity_fact f = make_fact("k8s_service_account_token", "kubernetes", o.name, file_, o.line);
    f.namespace_ = o.ns;
    f.external_ids.push_back("kubernetes:secret:" + effective_ns(o.ns) + "/" + o.name);
    if (!account.empty()) f.parent = "system:serviceaccount:" + effective_ns(o.ns) + ":" + account;
    f.expires_at = "never";  // legacy token secrets carry a JWT without expiry
    f.attributes["type"] = "kubernetes.io/service-account-token";
    f.attributes["service_account"] = account;
    f.created_at = yaml_string(yaml_child(o.node, "metadata"), "creationTimestamp");
    // Kubernetes 1.29+ labels legacy tokens with the day they were last used,
    // and the day the cleaner marked an unused one invalid (issue 15 item 11).
    const YAML::Node labels = yaml_child(yaml_child(o.node, "metadata"), "labels");
    f.last_used_at = yaml_string(labels, "kubernetes.io/legacy-token-last-used");
    if (const std::string invalid = yaml_string(labels, "kubernetes.io/legacy-token-invalid-since"); !invalid.empty()) {
      f.status = "inactive";
      f.attributes["invalid_since"] = invalid;
    }
    out_.identities.push_back(std::move(f));
    add_finding(out_, "k8s-legacy-sa-token-secret", "NHI4", "medium",
                "Secret " + effective_ns(o.ns) + "/" + o.name +
                    " is a legacy service-account token that never expires" +
                    (account.empty() ? std::string() : " (for service account " + account + ")") +
                    "; use projected, time-bound tokens (TokenRequest API) and delete this Secret.",
                account.empty() ? o.name : "system:serviceaccount:" + effective_ns(o.ns) + ":" + account,
                file_, o.line);
    out_.findings.back().environment = infer_environment(o.ns);
  }

  static YAML::Node pod_spec_of(const k8s_object& o) {
    const YAML::Node spec = yaml_child(o.node, "spec");
    if (o.kind == "Pod") return spec;
    if (o.kind == "CronJob")
      return yaml_child(yaml_child(yaml_child(yaml_child(spec, "jobTemplate"), "spec"), "template"), "spec");
    return yaml_child(yaml_child(spec, "template"), "spec");
  }

  void add_consumer(std::size_t index, const std::string& consumer) {
    identity_fact& f = out_.identities[index];
    if (f.service.empty()) f.service = consumer;
    std::vector<std::string> consumers =
        f.attributes.count("consumers") ? split(f.attributes["consumers"], ',') : std::vector<std::string>{};
    if (std::find(consumers.begin(), consumers.end(), consumer) == consumers.end()) consumers.push_back(consumer);
    f.attributes["consumers"] = join(consumers);
  }

  std::size_t index_of_secret(const std::string& ns, const std::string& name, std::uint64_t line) {
    identity_fact& f = secret(ns, name, line);
    if (!f.attributes.count("declared")) f.attributes["declared"] = "false";
    return secrets_[effective_ns(ns) + "/" + name];
  }

  void read_workload(const k8s_object& o) {
    const YAML::Node pod = pod_spec_of(o);
    if (!yaml_is_map(pod)) return;
    const std::string consumer = o.name;
    YAML::Node account = yaml_child(pod, "serviceAccountName");
    if (!account.IsDefined()) account = yaml_child(pod, "serviceAccount");  // deprecated alias
    const std::string account_name = yaml_scalar(account);
    if (!account_name.empty()) {
      identity_fact& f = service_account(o.ns, account_name, yaml_line(account));
      if (!f.attributes.count("declared")) f.attributes["declared"] = "false";
      add_consumer(service_accounts_[effective_ns(o.ns) + "/" + account_name], consumer);
    }
    const YAML::Node pull_secrets = yaml_child(pod, "imagePullSecrets");
    if (yaml_is_seq(pull_secrets))
      for (const YAML::Node& pull : pull_secrets)
        if (const std::string n = yaml_string(pull, "name"); !n.empty())
          add_consumer(index_of_secret(o.ns, n, yaml_line(pull)), consumer);
    const YAML::Node volumes = yaml_child(pod, "volumes");
    if (yaml_is_seq(volumes))
      for (const YAML::Node& v : volumes)
        if (const std::string n = yaml_string(yaml_child(v, "secret"), "secretName"); !n.empty())
          add_consumer(index_of_secret(o.ns, n, yaml_line(v)), consumer);
    for (const char* list : {"containers", "initContainers"}) {
      const YAML::Node containers = yaml_child(pod, list);
      if (!yaml_is_seq(containers)) continue;
      for (const YAML::Node& c : containers) read_container(o, c, consumer);
    }
  }

  void read_container(const k8s_object& o, const YAML::Node& container, const std::string& consumer) {
    const YAML::Node env = yaml_child(container, "env");
    if (yaml_is_seq(env)) {
      for (const YAML::Node& var : env) {
        const std::string name = yaml_string(var, "name");
        const YAML::Node ref = yaml_child(yaml_child(var, "valueFrom"), "secretKeyRef");
        if (const std::string n = yaml_string(ref, "name"); !n.empty()) {
          add_consumer(index_of_secret(o.ns, n, yaml_line(var)), consumer);
          continue;
        }
        const std::string kind = credential_kind_for_name(name);
        const YAML::Node value = yaml_child(var, "value");
        if (kind.empty() || !value.IsDefined()) continue;
        identity_fact f = credential_setting_fact(name, yaml_scalar(value), kind, file_, yaml_line(var));
        f.namespace_ = o.ns;
        f.service = consumer;
        const bool literal = f.attributes["value_source"] == "literal";
        out_.identities.push_back(std::move(f));
        if (literal) {
          add_finding(out_, "k8s-literal-credential-env", "NHI2", "high",
                      o.kind + " " + o.name + " sets " + name +
                          " to a literal value in its manifest; reference a Secret (valueFrom.secretKeyRef) "
                          "kept outside the repository instead, and rotate the value.",
                      name, file_, yaml_line(var));
          out_.findings.back().environment = infer_environment(o.ns);
        }
      }
    }
    const YAML::Node env_from = yaml_child(container, "envFrom");
    if (yaml_is_seq(env_from))
      for (const YAML::Node& source : env_from)
        if (const std::string n = yaml_string(yaml_child(source, "secretRef"), "name"); !n.empty())
          add_consumer(index_of_secret(o.ns, n, yaml_line(source)), consumer);
  }

  void read_binding(const k8s_object& o) {
    const YAML::Node role_ref = yaml_child(o.node, "roleRef");
    const std::string role_kind = yaml_string(role_ref, "kind");
    const std::string role_name = yaml_string(role_ref, "name");
    if (role_name.empty()) return;
    std::string grant;  // why this binding is admin-equivalent; empty when it is not
    if (role_kind == "ClusterRole" && role_name == "cluster-admin") {
      grant = "cluster-admin";
    } else {
      const std::string key = role_kind == "ClusterRole" ? "ClusterRole/" + role_name
                                                         : "Role/" + effective_ns(o.ns) + "/" + role_name;
      if (auto it = wildcard_roles_.find(key); it != wildcard_roles_.end())
        grant = role_kind + " " + role_name + " with wildcard rules (" + it->second + ")";
    }
    const std::string scope = o.kind == "ClusterRoleBinding" ? "cluster-wide" : "in namespace " + effective_ns(o.ns);
    const std::string permission = o.kind + " " + o.name + " -> " + role_kind + " " + role_name;
    const YAML::Node subjects = yaml_child(o.node, "subjects");
    if (!yaml_is_seq(subjects)) return;
    for (const YAML::Node& s : subjects) {
      const std::string kind = yaml_string(s, "kind");
      const std::string name = yaml_string(s, "name");
      std::string subject_id;
      if (kind == "ServiceAccount") {
        const std::string ns = yaml_string(s, "namespace").empty() ? o.ns : yaml_string(s, "namespace");
        identity_fact& f = service_account(ns, name, yaml_line(s));
        if (!f.attributes.count("declared")) f.attributes["declared"] = "false";
        f.permissions.push_back(permission);
        if (!grant.empty()) f.admin_equivalent = true;
        subject_id = f.external_ids.front();
      } else if (kind == "Group" && starts_with(name, "system:serviceaccounts")) {
        subject_id = name;  // every service account (of a namespace) at once
      } else {
        continue;  // users and other groups are people, not NHIs
      }
      if (grant.empty()) continue;
      const bool cluster_admin = grant == "cluster-admin";
      add_finding(out_, cluster_admin ? "k8s-cluster-admin-binding" : "k8s-wildcard-role-binding", "NHI5",
                  cluster_admin && o.kind == "ClusterRoleBinding" ? "critical" : "high",
                  o.kind + " " + o.name + " grants " + grant + " " + scope + " to " + subject_id +
                      "; bind a role listing only the verbs and resources this workload needs.",
                  subject_id, file_, o.line);
      out_.findings.back().environment = infer_environment(o.ns);
    }
  }

  const source_file& file_;
  k8s_origin origin_;
  analysis_result& out_;
  std::map<std::string, std::size_t> service_accounts_;  // "ns/name" -> index in out_.identities
  std::map<std::string, std::size_t> secrets_;
  std::map<std::string, std::string> wildcard_roles_;     // "ClusterRole/x", "Role/ns/x" -> rules
};

}  // namespace

void analyze_kubernetes(const source_file& file, k8s_origin origin, analysis_result& out) {
  std::vector<k8s_object> objects;
  for (const YAML::Node& doc : load_yaml_documents(file.content)) collect_objects(doc, {}, 0, objects);
  k8s_analysis(file, origin, out).run(objects);
}

}  // namespace nhi::detail
