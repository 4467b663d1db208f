#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace fw::api {

// The four NCM v2 credentials. Never logged, never written to settings.
struct ApiKeys
{
    QByteArray cpApiId;
    QByteArray cpApiKey;
    QByteArray ecmApiId;
    QByteArray ecmApiKey;

    bool isComplete() const
    {
        return !cpApiId.isEmpty() && !cpApiKey.isEmpty() && !ecmApiId.isEmpty()
               && !ecmApiKey.isEmpty();
    }
};

struct ApiKeysResult
{
    std::optional<ApiKeys> keys;
    QString error; // one sentence; empty when keys is set
};

// Keys file: "name=value" lines for cp_api_id, cp_api_key, ecm_api_id and ecm_api_key.
// Blank lines and lines starting with '#' are ignored; names and values are trimmed.
// A missing, duplicated or unknown name, or an unreadable file, is an error.
ApiKeysResult readApiKeysFile(const QString &path);
ApiKeysResult parseApiKeys(QByteArrayView text);

} // namespace fw::api
