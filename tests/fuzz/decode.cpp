// SPDX-License-Identifier: Apache-2.0
// One decoder (NHI_FUZZ_LAYER: base64, escapes or percent) over arbitrary
// bytes, with the built-in rules matching what it decodes. Decoded findings
// must point at a span of the original buffer; the decode budget must hold.
// The base64 target also checks base64_decode/base64_encode round trips.
#include "decode/decoders.hpp"
#include "fuzz_util.hpp"
#include "util/text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  using namespace nhi::detail;
  const std::string_view text = nhi_fuzz::as_view(data, size);
  const compiled_rules& rules = nhi_fuzz::builtin_rules().compiled();
  match_scratch scratch;
  std::vector<decoded_match> out;
  find_encoded_matches(rules, text, {}, scratch, out, NHI_FUZZ_LAYER);
  for (const auto& m : out) {
    nhi_fuzz::check(m.location.secret_begin <= m.location.secret_end && m.location.secret_end <= text.size(),
                    "decoded match span inside the buffer");
    nhi_fuzz::check(m.location.rule < rules.rules.size(), "decoded match names a rule");
    nhi_fuzz::check(!m.secret.empty(), "decoded secret not empty");
  }
  // Segments, as the long-line splitter hands them over.
  if (size > 4) {
    std::vector<std::pair<std::size_t, std::size_t>> segments{{0, size / 3}, {size / 2, size}};
    out.clear();
    find_encoded_matches(rules, text, segments, scratch, out, NHI_FUZZ_LAYER);
    for (const auto& m : out)
      nhi_fuzz::check(m.location.secret_end <= text.size(), "segment match inside the buffer");
  }
  if (NHI_FUZZ_LAYER == decode_base64) {
    std::string decoded;
    for (bool url_safe : {false, true}) {
      if (!base64_decode(text, decoded, url_safe)) continue;
      std::string again;
      const std::string encoded = base64_encode(decoded);
      nhi_fuzz::check(base64_decode(encoded, again, false) && again == decoded, "base64 round trip");
    }
    std::string round;
    nhi_fuzz::check(base64_decode(base64_encode(text), round, false) && round == text, "encode then decode");
  }
  return 0;
}
