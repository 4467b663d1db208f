#include "relay/tokenstore.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSaveFile>

#include <openssl/crypto.h>

using namespace Qt::Literals::StringLiterals;

namespace fw::relay {

namespace {

constexpr auto FileFormat = "fleetwall-relay-tokens/1"_L1;
constexpr auto TokenPrefix = "fwr_"_L1;
constexpr qsizetype IdLength = 16;
constexpr qsizetype SecretBytes = 32;

QByteArray randomBytes(qsizetype count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), count / 4);
    return bytes;
}

QByteArray tokenHash(const QByteArray &salt, QStringView token)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(salt);
    hash.addData(token.toUtf8());
    return hash.result();
}

QJsonObject toJson(const TokenStore::Entry &entry)
{
    QJsonObject object{{"name"_L1, entry.name},
                       {"id"_L1, entry.id},
                       {"salt"_L1, QString::fromLatin1(entry.salt.toHex())},
                       {"sha256"_L1, QString::fromLatin1(entry.hash.toHex())},
                       {"created"_L1, entry.createdAt.toString(Qt::ISODate)}};
    if (entry.isRevoked())
        object.insert("revoked"_L1, entry.revokedAt.toString(Qt::ISODate));
    return object;
}

std::optional<TokenStore::Entry> fromJson(const QJsonObject &object)
{
    TokenStore::Entry entry;
    entry.name = object.value("name"_L1).toString();
    entry.id = object.value("id"_L1).toString();
    entry.salt = QByteArray::fromHex(object.value("salt"_L1).toString().toLatin1());
    entry.hash = QByteArray::fromHex(object.value("sha256"_L1).toString().toLatin1());
    entry.createdAt = QDateTime::fromString(object.value("created"_L1).toString(), Qt::ISODate);
    if (object.contains("revoked"_L1))
        entry.revokedAt = QDateTime::fromString(object.value("revoked"_L1).toString(), Qt::ISODate);
    if (!TokenStore::isValidName(entry.name) || entry.id.size() != IdLength || entry.salt.size() != 16
        || entry.hash.size() != 32 || (object.contains("revoked"_L1) && !entry.revokedAt.isValid()))
        return std::nullopt;
    return entry;
}

} // namespace

TokenStore::TokenStore(QString path)
    : m_path(std::move(path))
{
}

bool TokenStore::isValidName(const QString &name)
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9._-]{1,64}$"_s);
    return pattern.match(name).hasMatch();
}

bool TokenStore::load(QString *error)
{
    QFile file(m_path);
    const QFileInfo info(m_path);
    if (!file.exists()) {
        m_entries.clear();
        m_loadedSize = -1;
        return true;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"Cannot read the tokens file %1: %2."_s.arg(m_path, file.errorString());
        return false;
    }
    const QJsonDocument document = QJsonDocument::fromJson(file.read(4 * 1024 * 1024));
    const QJsonObject root = document.object();
    if (root.value("format"_L1).toString() != FileFormat) {
        *error = u"The tokens file %1 is not a fleetwall-relay tokens file."_s.arg(m_path);
        return false;
    }
    QList<Entry> entries;
    for (const QJsonValue &value : root.value("tokens"_L1).toArray()) {
        auto entry = fromJson(value.toObject());
        if (!entry) {
            *error = u"The tokens file %1 holds a damaged entry."_s.arg(m_path);
            return false;
        }
        entries.append(std::move(*entry));
    }
    m_entries = std::move(entries);
    m_loadedModified = info.lastModified();
    m_loadedSize = info.size();
    return true;
}

bool TokenStore::reloadIfChanged(QString *error)
{
    const QFileInfo info(m_path);
    const qint64 size = info.exists() ? info.size() : -1;
    if (size == m_loadedSize && (!info.exists() || info.lastModified() == m_loadedModified))
        return false;
    return load(error);
}

bool TokenStore::save(QString *error) const
{
    QJsonArray tokens;
    for (const Entry &entry : m_entries)
        tokens.append(toJson(entry));
    const QJsonObject root{{"format"_L1, FileFormat}, {"tokens"_L1, tokens}};

    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly)
        || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        *error = u"Cannot write the tokens file %1: %2."_s.arg(m_path, file.errorString());
        return false;
    }
    file.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        *error = u"Cannot write the tokens file %1: %2."_s.arg(m_path, file.errorString());
        return false;
    }
    return true;
}

std::optional<QString> TokenStore::add(const QString &name, QString *error)
{
    if (!isValidName(name)) {
        *error = u"A token name has 1 to 64 letters, digits, '.', '_' or '-'."_s;
        return std::nullopt;
    }
    for (const Entry &entry : std::as_const(m_entries)) {
        if (entry.name == name && !entry.isRevoked()) {
            *error = u"A token named %1 exists already; revoke it first."_s.arg(name);
            return std::nullopt;
        }
    }
    Entry entry;
    entry.name = name;
    entry.id = QString::fromLatin1(randomBytes(IdLength / 2 + 4).toHex().left(IdLength));
    entry.salt = randomBytes(16);
    entry.createdAt = QDateTime::currentDateTimeUtc();
    const QString token = TokenPrefix + entry.id + u'_'
            + QString::fromLatin1(randomBytes(SecretBytes).toBase64(QByteArray::Base64UrlEncoding
                                                                    | QByteArray::OmitTrailingEquals));
    entry.hash = tokenHash(entry.salt, token);
    m_entries.append(entry);
    return token;
}

bool TokenStore::revoke(const QString &name, QString *error)
{
    bool found = false;
    for (Entry &entry : m_entries) {
        if (entry.name == name && !entry.isRevoked()) {
            entry.revokedAt = QDateTime::currentDateTimeUtc();
            found = true;
        }
    }
    if (!found)
        *error = u"No active token is named %1."_s.arg(name);
    return found;
}

TokenStore::Verification TokenStore::verify(QStringView token) const
{
    const QStringView id = token.size() > TokenPrefix.size() + IdLength
            ? token.mid(TokenPrefix.size(), IdLength) : QStringView();
    for (const Entry &entry : m_entries) {
        if (!token.startsWith(TokenPrefix) || entry.id != id)
            continue;
        const QByteArray hash = tokenHash(entry.salt, token);
        if (CRYPTO_memcmp(hash.constData(), entry.hash.constData(), size_t(hash.size())) != 0)
            continue;
        return {entry.isRevoked() ? Verdict::Revoked : Verdict::Valid, entry.name};
    }
    return {};
}

} // namespace fw::relay
