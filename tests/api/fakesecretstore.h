#pragma once

#include "api/secretstore.h"

#include <QHash>
#include <QTimer>

namespace fw::test {

// In-memory secrets; can be told to fail.
class FakeSecretStore final : public api::SecretStore
{
public:
    void write(const QString &key, const QByteArray &secret, QObject *context, WriteDone done) override
    {
        if (failWrites.isEmpty())
            secrets.insert(key, secret);
        QTimer::singleShot(0, context, [done, error = failWrites] { done(error); });
    }
    void read(const QString &key, QObject *context, ReadDone done) override
    {
        const auto secret = secrets.contains(key) ? std::optional<QByteArray>(secrets.value(key)) : std::nullopt;
        QTimer::singleShot(0, context, [done, secret] { done(secret, {}); });
    }
    void remove(const QString &key, QObject *context, WriteDone done) override
    {
        secrets.remove(key);
        QTimer::singleShot(0, context, [done] { done({}); });
    }

    QHash<QString, QByteArray> secrets;
    QString failWrites; // non-empty: every write fails with this sentence
};

} // namespace fw::test
