// SPDX-License-Identifier: Apache-2.0
// jenkins_credentials.cpp — the credentials Jenkins keeps in XML.
#pragma once

#include <string_view>

#include "analyze/common.hpp"

namespace nhi::detail {

// True when an XML document names a Jenkins credential class or store
// (com.cloudbees.plugins.credentials..., *CredentialsImpl, SSH keys, GitHub
// App credentials): the cheap look that selects the analyzer below for a
// config.xml or an import file of any name.
bool looks_like_jenkins_credentials(std::string_view content);

// $JENKINS_HOME/credentials.xml, a folder's or user's config.xml, and the XML
// given to `jenkins-cli create-credentials-by-xml`: one fact per credential
// (an element with an <id> and a secret field), named by its username and
// id, with scope, description, class, domain and store as attributes and
// whether Jenkins encrypted the stored value. The value itself is never kept:
// only the fingerprint the secret rules give the same bytes (the base64
// inside the braces of an encrypted value, the text of a plain one).
void analyze_jenkins_credentials(const source_file& file, analysis_result& out);

}  // namespace nhi::detail
