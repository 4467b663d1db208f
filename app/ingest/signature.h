#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace fw::ingest {

// The X-CP-Signature check (shared/ncm-facts.md, section 2): HMAC-SHA256 keyed with the
// destination secret over the raw body bytes, as hex. Upper- and lower-case hex are
// accepted; the comparison takes constant time. During a secret rotation a second secret
// is accepted as well.
class Signature final
{
public:
    enum class Check { Valid, Missing, Invalid };

    explicit Signature(QByteArray secret, QByteArray secondSecret = {});

    Check check(QByteArrayView body, QByteArrayView signatureHex) const;
    bool isValid(QByteArrayView body, QByteArrayView signatureHex) const
    {
        return check(body, signatureHex) == Check::Valid;
    }

    // Lower-case hex HMAC-SHA256, as NCM sends it. For tests and the sandbox.
    static QByteArray sign(QByteArrayView secret, QByteArrayView body);

private:
    QByteArray m_secret;
    QByteArray m_secondSecret; // empty: no rotation in progress
};

} // namespace fw::ingest
