// SPDX-License-Identifier: Apache-2.0
// What the analyzers of network device configurations that name their device
// after the credentials share (network_devices_more.cpp: RouterOS, FortiOS,
// VyOS; network_devices_3.cpp: Aruba / HPE switches): the facts of one file,
// named SUBJECT@DEVICE once the whole file is read, and the line and word
// readers of the `command "quoted value"` layouts they all write.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/common.hpp"

namespace nhi::detail {

// The facts of one configuration, named once the whole file is read: RouterOS
// and VyOS name the device after the credentials.
struct device_facts {
  std::string provider;
  std::string hostname;
  std::size_t first_fact = 0;
};

// A value a rule would not report: empty, a template or variable, a masked or
// argument-name placeholder.
bool not_a_value(std::string_view value);

// A fact of kind `kind` named `subject` (the device is added by
// name_device_facts), the value fingerprinted, never kept. The reference is
// valid until the next fact is added to `out`.
identity_fact& add_fact(device_facts& d, std::string kind, std::string subject, std::string setting,
                        std::string_view value, std::string encoding, const source_file& file, std::uint64_t line,
                        analysis_result& out);

// An SNMP v1/v2c community: `snmp/rw` or `snmp/ro` until named
// `snmp:DEVICE/rw`; read-write is admin-equivalent.
identity_fact& add_community(device_facts& d, std::string_view community, bool write, std::string setting,
                             const source_file& file, std::uint64_t line, analysis_result& out);

// Names each fact of the file after the device: `SUBJECT@DEVICE`, and
// `snmp:DEVICE/ro` for a community; the device is `d.hostname`, else the
// file's name (device_name_from_path).
void name_device_facts(device_facts& d, const source_file& file, analysis_result& out);

// The line's words, blank-separated; a "double" or 'single' quoted word is
// kept whole without its quotes (a backslash escapes the next character).
std::vector<std::string> config_words(std::string_view line);

// `s` without the blanks and tabs at either end.
std::string_view trimmed(std::string_view s);

// Lines of the first 64 KiB that start with one of `prefixes` (after blanks):
// a bit per prefix.
unsigned line_starts(std::string_view content, std::initializer_list<std::string_view> prefixes);

unsigned bit_count(unsigned bits);

}  // namespace nhi::detail
