#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace fw::rules {

// One write to NCM as the operator confirmed it, and NCM's answer.
struct AuditEntry
{
    qint64 id = 0;            // assigned by the log
    QDateTime at;             // UTC
    QString who;              // operator (OS user unless configured)
    QString action;           // "create rule", "update rule", "delete destination", ...
    QString method;           // POST, PUT, PATCH, DELETE
    QString endpoint;         // "alert_rules/<id>/"
    QString targetId;         // the rule or destination id, when known
    QJsonObject before;       // secrets masked
    QJsonObject after;        // secrets masked
    int status = 0;           // NCM's HTTP status; 0 when no answer arrived
    QString message;          // NCM's message, or our sentence
    QString outcome;          // "ok", "failed", "read-back differs", "cancelled"
};

struct AuditFilter
{
    QDateTime from;           // inclusive; invalid: no bound
    QDateTime to;             // exclusive
    QString text;             // substring of action, endpoint, target or message
    int limit = 1000;
};

// The local record of every write to NCM: table audit_log in the events database file,
// through its own connection (WAL lets it sit beside the store's writer). Entries are only
// ever added. Writes are single rows on operator actions, so they run synchronously: an
// audit entry is durable before the editor reports the write.
class AuditLog final
{
public:
    AuditLog();
    ~AuditLog();
    Q_DISABLE_COPY_MOVE(AuditLog)

    // Opens (and creates the table in) the database file. Empty string or one sentence.
    QString open(const QString &path);
    bool isOpen() const;

    // Stores the entry with secrets masked; returns its id, or 0 with *error set.
    qint64 record(AuditEntry entry, QString *error = nullptr);
    QList<AuditEntry> entries(const AuditFilter &filter = {}, QString *error = nullptr) const;

    static QByteArray toCsv(const QList<AuditEntry> &entries);
    static QByteArray toJson(const QList<AuditEntry> &entries);
    // Writes CSV or JSON (by the file's suffix) of the filtered entries. Empty or a sentence.
    QString exportTo(const QString &filePath, const AuditFilter &filter = {}) const;

    // Every value under a key naming a secret ("secret", "password", "token", "*_key")
    // replaced with "***", recursively.
    static QJsonObject maskSecrets(const QJsonObject &json);

private:
    QString m_connection;
};

} // namespace fw::rules
