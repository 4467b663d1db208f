#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace fw::relay {

// The dashboards' tokens, kept in a JSON file (owner-only permissions) as salted SHA-256
// hashes: "fwr_<id>_<secret>", where the id finds the entry and the 256-bit secret proves it.
// A token is random, not a password, so one SHA-256 round is enough. Not thread-safe.
class TokenStore final
{
public:
    struct Entry
    {
        QString name;
        QString id;          // 16 hex digits, public part of the token
        QByteArray salt;     // 16 random bytes
        QByteArray hash;     // SHA-256(salt + token)
        QDateTime createdAt;
        QDateTime revokedAt; // invalid while active

        bool isRevoked() const { return revokedAt.isValid(); }
    };

    enum class Verdict { Valid, Unknown, Revoked };
    struct Verification
    {
        Verdict verdict = Verdict::Unknown;
        QString name;
    };

    explicit TokenStore(QString path);
    Q_DISABLE_COPY_MOVE(TokenStore)

    QString path() const { return m_path; }

    // A missing file is an empty store. On error nothing changes and *error says why.
    bool load(QString *error);
    // Re-reads the file when its size or modification time changed since the last load.
    // True when it was re-read; a damaged file keeps the previous tokens and sets *error.
    bool reloadIfChanged(QString *error);
    // Atomic write with permissions 0600.
    bool save(QString *error) const;

    // A new token for NAME (letters, digits, '.', '_', '-'; at most 64), returned once.
    std::optional<QString> add(const QString &name, QString *error);
    // Revokes every active token of NAME; false when there is none.
    bool revoke(const QString &name, QString *error);

    QList<Entry> entries() const { return m_entries; }
    Verification verify(QStringView token) const;

    static bool isValidName(const QString &name);

private:
    QString m_path;
    QList<Entry> m_entries;
    QDateTime m_loadedModified;
    qint64 m_loadedSize = -1;
};

} // namespace fw::relay
