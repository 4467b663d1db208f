#include "api/apikeys.h"

#include <QFile>

#include <array>

using namespace Qt::Literals::StringLiterals;

namespace fw::api {

namespace {

constexpr std::array<QLatin1StringView, 4> s_names = {
    "cp_api_id"_L1, "cp_api_key"_L1, "ecm_api_id"_L1, "ecm_api_key"_L1};

QByteArray *fieldFor(ApiKeys &keys, QByteArrayView name)
{
    if (name == "cp_api_id")
        return &keys.cpApiId;
    if (name == "cp_api_key")
        return &keys.cpApiKey;
    if (name == "ecm_api_id")
        return &keys.ecmApiId;
    if (name == "ecm_api_key")
        return &keys.ecmApiKey;
    return nullptr;
}

ApiKeysResult failure(const QString &error)
{
    return {std::nullopt, error};
}

} // namespace

ApiKeysResult parseApiKeys(QByteArrayView text)
{
    ApiKeys keys;
    int lineNumber = 0;
    const QList<QByteArray> lines = text.toByteArray().split('\n');
    for (const QByteArray &rawLine : lines) {
        ++lineNumber;
        const QByteArray line = rawLine.trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;

        const qsizetype equals = line.indexOf('=');
        if (equals < 0)
            return failure(
                u"Line %1 of the API keys file is not of the form name=value."_s.arg(lineNumber));

        const QByteArray name = line.first(equals).trimmed();
        const QByteArray value = line.sliced(equals + 1).trimmed();
        QByteArray *field = fieldFor(keys, name);
        if (!field)
            return failure(u"Line %1 of the API keys file names an unknown key \"%2\"."_s
                               .arg(lineNumber)
                               .arg(QString::fromUtf8(name.left(40))));
        if (!field->isEmpty())
            return failure(u"The API keys file sets %1 twice."_s.arg(QString::fromUtf8(name)));
        if (value.isEmpty())
            return failure(u"The API keys file gives %1 an empty value."_s.arg(QString::fromUtf8(name)));
        *field = value;
    }

    for (const QLatin1StringView name : s_names) {
        if (fieldFor(keys, QByteArrayView(name.data(), name.size()))->isEmpty())
            return failure(u"The API keys file does not set %1."_s.arg(name));
    }
    return {keys, {}};
}

ApiKeysResult readApiKeysFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return failure(u"Cannot read the API keys file %1: %2."_s.arg(path, file.errorString()));

    // A keys file is four short lines; refuse anything absurd before reading it.
    constexpr qint64 maxSize = 64 * 1024;
    if (file.size() > maxSize)
        return failure(u"The API keys file %1 is larger than 64 KiB."_s.arg(path));
    return parseApiKeys(file.readAll());
}

} // namespace fw::api
