#include "rules/auditlog.h"

#include "core/logging.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

namespace fw::rules {

namespace {

const QString s_mask = u"***"_s;

bool isSecretKey(const QString &key)
{
    const QString k = key.toLower();
    return k == "secret"_L1 || k == "password"_L1 || k.contains("token"_L1) || k.endsWith("_key"_L1)
           || k == "authorization"_L1;
}

QJsonValue maskValue(const QJsonValue &value);

QJsonArray maskArray(const QJsonArray &array)
{
    QJsonArray masked;
    for (const QJsonValue &item : array)
        masked.append(maskValue(item));
    return masked;
}

QJsonValue maskValue(const QJsonValue &value)
{
    if (value.isObject())
        return AuditLog::maskSecrets(value.toObject());
    if (value.isArray())
        return maskArray(value.toArray());
    return value;
}

QString compactJson(const QJsonObject &json)
{
    return json.isEmpty() ? QString() : QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
}

QString csvField(const QString &text)
{
    QString quoted = text;
    quoted.replace(u'"', u"\"\""_s);
    // A leading formula character would run as a formula in a spreadsheet.
    if (!quoted.isEmpty() && QStringView(u"=+-@").contains(quoted.front()))
        quoted.prepend(u'\'');
    return u'"' + quoted + u'"';
}

QJsonObject entryJson(const AuditEntry &entry)
{
    return {{u"id"_s, entry.id},
            {u"at"_s, entry.at.toString(Qt::ISODateWithMs)},
            {u"who"_s, entry.who},
            {u"action"_s, entry.action},
            {u"method"_s, entry.method},
            {u"endpoint"_s, entry.endpoint},
            {u"target_id"_s, entry.targetId},
            {u"before"_s, entry.before},
            {u"after"_s, entry.after},
            {u"status"_s, entry.status},
            {u"message"_s, entry.message},
            {u"outcome"_s, entry.outcome}};
}

} // namespace

AuditLog::AuditLog()
    : m_connection(u"fleetwall-audit-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

AuditLog::~AuditLog()
{
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

QString AuditLog::open(const QString &path)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
    db.setDatabaseName(path);
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!db.open())
        return u"The audit log cannot open %1 (%2)."_s.arg(path, db.lastError().text());

    QSqlQuery query(db);
    const bool ok = query.exec(u"PRAGMA journal_mode=WAL"_s)
                    && query.exec(uR"(CREATE TABLE IF NOT EXISTS audit_log (
                           id INTEGER PRIMARY KEY AUTOINCREMENT,
                           at INTEGER NOT NULL,
                           who TEXT NOT NULL,
                           action TEXT NOT NULL,
                           method TEXT NOT NULL,
                           endpoint TEXT NOT NULL,
                           target_id TEXT NOT NULL,
                           before_json TEXT NOT NULL,
                           after_json TEXT NOT NULL,
                           status INTEGER NOT NULL,
                           message TEXT NOT NULL,
                           outcome TEXT NOT NULL))"_s)
                    && query.exec(u"CREATE INDEX IF NOT EXISTS audit_log_by_at ON audit_log (at)"_s);
    if (!ok) {
        const QString error = query.lastError().text();
        db.close();
        return u"The audit log cannot create its table in %1 (%2)."_s.arg(path, error);
    }
    return {};
}

bool AuditLog::isOpen() const
{
    return QSqlDatabase::contains(m_connection) && QSqlDatabase::database(m_connection, false).isOpen();
}

qint64 AuditLog::record(AuditEntry entry, QString *error)
{
    if (!isOpen()) {
        if (error)
            *error = u"The audit log is not open."_s;
        return 0;
    }
    if (!entry.at.isValid())
        entry.at = QDateTime::currentDateTimeUtc();

    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(u"INSERT INTO audit_log (at, who, action, method, endpoint, target_id, before_json,"
                  u" after_json, status, message, outcome) VALUES (?,?,?,?,?,?,?,?,?,?,?)"_s);
    const QVariantList values{entry.at.toMSecsSinceEpoch(), entry.who, entry.action, entry.method,
                              entry.endpoint, entry.targetId, compactJson(maskSecrets(entry.before)),
                              compactJson(maskSecrets(entry.after)), entry.status, entry.message,
                              entry.outcome};
    for (const QVariant &value : values)
        query.addBindValue(value.typeId() == QMetaType::QString && value.toString().isNull() ? QVariant(u""_s) : value);
    if (!query.exec()) {
        qCWarning(lcApi) << "audit log: cannot record" << entry.action << query.lastError().text();
        if (error)
            *error = u"The audit log could not record the write (%1)."_s.arg(query.lastError().text());
        return 0;
    }
    return query.lastInsertId().toLongLong();
}

QList<AuditEntry> AuditLog::entries(const AuditFilter &filter, QString *error) const
{
    QList<AuditEntry> result;
    if (!isOpen())
        return result;

    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(u"SELECT id, at, who, action, method, endpoint, target_id, before_json, after_json,"
                  u" status, message, outcome FROM audit_log WHERE at >= ? AND at < ?"
                  u" AND (? = '' OR instr(lower(action || ' ' || endpoint || ' ' || target_id || ' ' || message), lower(?)) > 0)"
                  u" ORDER BY id DESC LIMIT ?"_s);
    query.addBindValue(filter.from.isValid() ? filter.from.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min());
    query.addBindValue(filter.to.isValid() ? filter.to.toMSecsSinceEpoch() : std::numeric_limits<qint64>::max());
    query.addBindValue(filter.text.isNull() ? u""_s : filter.text);
    query.addBindValue(filter.text.isNull() ? u""_s : filter.text);
    query.addBindValue(filter.limit);
    if (!query.exec()) {
        if (error)
            *error = u"The audit log cannot be read (%1)."_s.arg(query.lastError().text());
        return result;
    }
    while (query.next()) {
        AuditEntry entry;
        entry.id = query.value(0).toLongLong();
        entry.at = QDateTime::fromMSecsSinceEpoch(query.value(1).toLongLong(), Qt::UTC);
        entry.who = query.value(2).toString();
        entry.action = query.value(3).toString();
        entry.method = query.value(4).toString();
        entry.endpoint = query.value(5).toString();
        entry.targetId = query.value(6).toString();
        entry.before = QJsonDocument::fromJson(query.value(7).toString().toUtf8()).object();
        entry.after = QJsonDocument::fromJson(query.value(8).toString().toUtf8()).object();
        entry.status = query.value(9).toInt();
        entry.message = query.value(10).toString();
        entry.outcome = query.value(11).toString();
        result.append(entry);
    }
    return result;
}

QByteArray AuditLog::toCsv(const QList<AuditEntry> &entries)
{
    QStringList lines{u"id,at,who,action,method,endpoint,target_id,status,outcome,message,before,after"_s};
    for (const AuditEntry &e : entries) {
        lines.append(QStringList{QString::number(e.id), e.at.toString(Qt::ISODateWithMs), csvField(e.who),
                                 csvField(e.action), e.method, csvField(e.endpoint), csvField(e.targetId),
                                 QString::number(e.status), csvField(e.outcome), csvField(e.message),
                                 csvField(compactJson(e.before)), csvField(compactJson(e.after))}
                         .join(u','));
    }
    return lines.join(u"\r\n"_s).toUtf8() + "\r\n";
}

QByteArray AuditLog::toJson(const QList<AuditEntry> &entries)
{
    QJsonArray array;
    for (const AuditEntry &entry : entries)
        array.append(entryJson(entry));
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

QString AuditLog::exportTo(const QString &filePath, const AuditFilter &filter) const
{
    QString error;
    const QList<AuditEntry> list = entries(filter, &error);
    if (!error.isEmpty())
        return error;

    QSaveFile file(filePath);
    if (!file.open(QIODevice::WriteOnly))
        return u"Cannot write %1 (%2)."_s.arg(filePath, file.errorString());
    file.write(filePath.endsWith(u".csv"_s, Qt::CaseInsensitive) ? toCsv(list) : toJson(list));
    if (!file.commit())
        return u"Cannot write %1 (%2)."_s.arg(filePath, file.errorString());
    return {};
}

QJsonObject AuditLog::maskSecrets(const QJsonObject &json)
{
    QJsonObject masked;
    for (auto it = json.begin(); it != json.end(); ++it) {
        const bool secret = isSecretKey(it.key()) && !it.value().isNull() && !it.value().isObject();
        masked.insert(it.key(), secret ? QJsonValue(s_mask) : maskValue(it.value()));
    }
    return masked;
}

} // namespace fw::rules
