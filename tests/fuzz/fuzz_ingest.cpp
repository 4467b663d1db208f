// libFuzzer target over the path every webhook takes before the store: the HTTP request
// parser fed in chunks of varying size, the signature check and the push parser.
//
// Build: cmake -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DFLEETWALL_FUZZ=ON
//        cmake --build build/fuzz --target fuzz_ingest
// Run:   build/fuzz/bin/fuzz_ingest -max_total_time=600 tests/fuzz/corpus
#include "http/httprequestparser.h"
#include "ingest/signature.h"
#include "ncm/alertparser.h"

#include <cstdint>
#include <cstdlib>

namespace {

constexpr QByteArrayView Secret = "fuzz-secret";

fw::http::ServerLimits fuzzLimits()
{
    fw::http::ServerLimits limits;
    limits.maxBodySize = 64 * 1024;
    limits.maxHeaderSize = 8 * 1024;
    limits.maxHeaderCount = 32;
    return limits;
}

void require(bool condition)
{
    if (!condition)
        std::abort();
}

void checkRequest(const fw::http::HttpRequest &request, qint64 contentLength)
{
    require(!request.method.isEmpty());
    require(request.target.startsWith('/') || request.target == "*");
    require(request.body.size() == contentLength);

    static const fw::ingest::Signature signature(Secret.toByteArray());
    const auto given = signature.check(request.body, request.header("X-CP-Signature"));
    require(request.hasHeader("X-CP-Signature") || given == fw::ingest::Signature::Check::Missing);
    // Whatever the body, its own signature must verify, in either case of hex.
    const QByteArray own = fw::ingest::Signature::sign(Secret, request.body);
    require(signature.isValid(request.body, own) && signature.isValid(request.body, own.toUpper()));

    const fw::ncm::PushParseResult push = fw::ncm::parsePush(request.body);
    require(push.ok() || push.alerts.isEmpty() || !push.error.isEmpty());
    for (const auto &alert : push.alerts)
        require(!alert.type.isEmpty());
}

bool isRefusalStatus(int status)
{
    return status == 400 || status == 413 || status == 417 || status == 431 || status == 501
        || status == 505;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const fw::http::ServerLimits limits = fuzzLimits();
    const qsizetype step = 1 + data[0] % 97; // the network splits requests anywhere
    const QByteArrayView input(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);

    fw::http::HttpRequestParser parser(limits);
    QByteArray pending;
    for (qsizetype position = 0; position < input.size(); position += step) {
        pending += input.sliced(position, std::min(step, input.size() - position));
        while (true) {
            qsizetype consumed = 0;
            const auto result = parser.feed(pending, &consumed);
            require(consumed >= 0 && consumed <= pending.size());
            pending.remove(0, consumed);
            if (result == fw::http::HttpRequestParser::Result::Error) {
                require(isRefusalStatus(parser.errorStatus()) && !parser.errorText().isEmpty());
                return 0;
            }
            if (result == fw::http::HttpRequestParser::Result::NeedMore)
                break;
            if (result == fw::http::HttpRequestParser::Result::Complete) {
                const qint64 length = parser.contentLength();
                checkRequest(parser.takeRequest(), length);
            }
        }
    }
    return 0;
}
