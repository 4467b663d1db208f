#include "alerts/acknowledgementstore.h"

#include "core/logging.h"
#include "ncm/catalogue.h"

#include <QCoreApplication>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

namespace fw::alerts {

namespace {

QVariant msOrNull(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}

QDateTime timeOrInvalid(const QVariant &value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

// A null QString binds as SQL NULL; the columns hold text.
QString notNull(const QString &text)
{
    return text.isNull() ? u""_s : text;
}

bool isAlert(store::Severity severity)
{
    return severity != store::Severity::Info;
}

} // namespace

QString ackKindName(AckKind kind)
{
    switch (kind) {
    case AckKind::Snooze:
        return u"snooze"_s;
    case AckKind::UntilClear:
        return u"until-clear"_s;
    case AckKind::Acknowledge:
        break;
    }
    return u"acknowledge"_s;
}

QString ackStateText(AckState state)
{
    switch (state) {
    case AckState::Acknowledged:
        return QCoreApplication::translate("Acknowledgement", "Acknowledged");
    case AckState::Snoozed:
        return QCoreApplication::translate("Acknowledgement", "Snoozed");
    case AckState::AwaitingClear:
        return QCoreApplication::translate("Acknowledgement", "Acknowledged until clear");
    case AckState::Cleared:
        return QCoreApplication::translate("Acknowledgement", "Cleared");
    case AckState::Unacknowledged:
        break;
    }
    return QCoreApplication::translate("Acknowledgement", "Unacknowledged");
}

AcknowledgementStore::AcknowledgementStore(QObject *parent, Clock clock, ClearsOf clearsOf)
    : QObject(parent)
    , m_clock(std::move(clock))
    , m_clearsOf(std::move(clearsOf))
    , m_connectionName(u"fleetwall-acks-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    if (!m_clock)
        m_clock = [] { return QDateTime::currentDateTimeUtc(); };
    if (!m_clearsOf)
        m_clearsOf = [](const QString &type) { return ncm::Catalogue::instance().lookup(type).clears; };
    m_operator = qEnvironmentVariable("USER"); // the login name until the application sets one
}

AcknowledgementStore::~AcknowledgementStore()
{
    close();
}

bool AcknowledgementStore::open(const QString &databasePath, QString *error)
{
    close();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
        db.setDatabaseName(databasePath);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
        if (!db.open()) {
            if (error)
                *error = tr("Cannot open the acknowledgements database %1: %2.").arg(databasePath, db.lastError().text());
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(m_connectionName);
            return false;
        }
    }
    if (!createSchema(error) || !load(error)) {
        close();
        return false;
    }
    return true;
}

void AcknowledgementStore::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    QSqlDatabase::database(m_connectionName, false).close();
    QSqlDatabase::removeDatabase(m_connectionName);
    m_byEvent.clear();
    m_covers.clear();
}

bool AcknowledgementStore::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName) && QSqlDatabase::database(m_connectionName, false).isOpen();
}

bool AcknowledgementStore::createSchema(QString *error)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName));
    const QStringList statements{
        u"PRAGMA journal_mode=WAL"_s,
        u"CREATE TABLE IF NOT EXISTS acknowledgements ("
        "id INTEGER PRIMARY KEY AUTOINCREMENT, event_seq INTEGER NOT NULL, router_id TEXT NOT NULL, "
        "type TEXT NOT NULL, kind TEXT NOT NULL, note TEXT NOT NULL, operator TEXT NOT NULL, "
        "at_ms INTEGER NOT NULL, until_ms INTEGER, cleared_at_ms INTEGER, cleared_by_seq INTEGER)"_s,
        u"CREATE INDEX IF NOT EXISTS acknowledgements_event ON acknowledgements(event_seq)"_s,
        u"CREATE INDEX IF NOT EXISTS acknowledgements_router_type ON acknowledgements(router_id, type)"_s,
    };
    for (const QString &statement : statements) {
        if (!query.exec(statement)) {
            if (error)
                *error = tr("Cannot prepare the acknowledgements table: %1.").arg(query.lastError().text());
            return false;
        }
    }
    return true;
}

bool AcknowledgementStore::load(QString *error)
{
    // TODO: load only acknowledgements of events still in view once the store can say which.
    QSqlQuery query(QSqlDatabase::database(m_connectionName));
    if (!query.exec(u"SELECT id, event_seq, router_id, type, kind, note, operator, at_ms, until_ms, "
                    "cleared_at_ms, cleared_by_seq FROM acknowledgements ORDER BY id"_s)) {
        if (error)
            *error = tr("Cannot read the acknowledgements: %1.").arg(query.lastError().text());
        return false;
    }
    while (query.next()) {
        Acknowledgement ack;
        ack.id = query.value(0).toLongLong();
        ack.eventSeq = query.value(1).toLongLong();
        ack.routerId = query.value(2).toString();
        ack.type = query.value(3).toString();
        const QString kind = query.value(4).toString();
        ack.kind = kind == ackKindName(AckKind::Snooze)       ? AckKind::Snooze
                   : kind == ackKindName(AckKind::UntilClear) ? AckKind::UntilClear
                                                              : AckKind::Acknowledge;
        ack.note = query.value(5).toString();
        ack.operatorName = query.value(6).toString();
        ack.at = timeOrInvalid(query.value(7));
        ack.until = timeOrInvalid(query.value(8));
        ack.clearedAt = timeOrInvalid(query.value(9));
        ack.clearedBySeq = query.value(10).toLongLong();
        remember(ack);
    }
    return true;
}

bool AcknowledgementStore::acknowledge(const store::Event &event, const QString &note)
{
    return record(event, AckKind::Acknowledge, {}, note);
}

bool AcknowledgementStore::snooze(const store::Event &event, const QDateTime &until, const QString &note)
{
    if (!until.isValid() || until <= now()) {
        Q_EMIT storageError(tr("A snooze must end in the future."));
        return false;
    }
    return record(event, AckKind::Snooze, until.toUTC(), note);
}

bool AcknowledgementStore::acknowledgeUntilClear(const store::Event &event, const QString &note)
{
    return record(event, AckKind::UntilClear, {}, note);
}

bool AcknowledgementStore::record(const store::Event &event, AckKind kind, const QDateTime &until, const QString &note)
{
    Acknowledgement ack;
    ack.eventSeq = event.seq;
    ack.routerId = event.alert.routerId;
    ack.type = event.alert.type;
    ack.kind = kind;
    ack.note = note.trimmed();
    ack.operatorName = m_operator;
    ack.at = now();
    ack.until = until;
    if (!insert(ack))
        return false;

    remember(ack);
    Q_EMIT changed(ack.routerId);
    return true;
}

bool AcknowledgementStore::insert(Acknowledgement &ack)
{
    if (!isOpen()) {
        Q_EMIT storageError(tr("The acknowledgement was not saved: the database is not open."));
        return false;
    }
    QSqlQuery query(QSqlDatabase::database(m_connectionName));
    query.prepare(u"INSERT INTO acknowledgements (event_seq, router_id, type, kind, note, operator, at_ms, until_ms) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
    query.addBindValue(ack.eventSeq);
    query.addBindValue(ack.routerId);
    query.addBindValue(ack.type);
    query.addBindValue(ackKindName(ack.kind));
    query.addBindValue(notNull(ack.note));
    query.addBindValue(notNull(ack.operatorName));
    query.addBindValue(ack.at.toMSecsSinceEpoch());
    query.addBindValue(msOrNull(ack.until));
    if (!query.exec()) {
        qCWarning(lcStore) << "acknowledgement not saved:" << query.lastError().text();
        Q_EMIT storageError(tr("The acknowledgement was not saved: %1.").arg(query.lastError().text()));
        return false;
    }
    ack.id = query.lastInsertId().toLongLong();
    return true;
}

void AcknowledgementStore::remember(const Acknowledgement &ack)
{
    m_byEvent.insert(ack.eventSeq, ack);
    if (ack.kind != AckKind::Acknowledge)
        m_covers.insert({ack.routerId, ack.type}, ack);
}

void AcknowledgementStore::noteEvents(const QList<store::Event> &events)
{
    QSet<QString> touched;
    for (const store::Event &event : events) {
        const QString &router = event.alert.routerId;
        if (clearCovers(event))
            touched.insert(router);
        if (isAlert(event.severity)) {
            RouterLatest &latest = m_routerLatest[router];
            if (event.seq >= latest.seq)
                latest = {event.seq, event.alert.type};
            touched.insert(router);
        }
    }
    if (!touched.isEmpty())
        Q_EMIT routerAlertsChanged(QStringList(touched.cbegin(), touched.cend()));
}

// True when the recovery resolved the router's latest alert.
bool AcknowledgementStore::clearCovers(const store::Event &recovery)
{
    const QString &router = recovery.alert.routerId;
    const QStringList cleared = m_clearsOf(recovery.alert.type);
    bool resolved = false;
    for (const QString &type : cleared) {
        const auto latest = m_routerLatest.constFind(router);
        if (latest != m_routerLatest.cend() && latest->type == type && latest->seq < recovery.seq) {
            m_routerLatest.erase(latest);
            resolved = true;
        }

        const auto cover = m_covers.find({router, type});
        if (cover == m_covers.end() || cover->kind != AckKind::UntilClear || cover->clearedAt.isValid())
            continue;

        QSqlQuery query(QSqlDatabase::database(m_connectionName));
        query.prepare(u"UPDATE acknowledgements SET cleared_at_ms = ?, cleared_by_seq = ? "
                      "WHERE router_id = ? AND type = ? AND kind = ? AND cleared_at_ms IS NULL"_s);
        query.addBindValue(now().toMSecsSinceEpoch());
        query.addBindValue(recovery.seq);
        query.addBindValue(router);
        query.addBindValue(type);
        query.addBindValue(ackKindName(AckKind::UntilClear));
        if (!query.exec()) {
            Q_EMIT storageError(tr("The cleared acknowledgement was not saved: %1.").arg(query.lastError().text()));
            continue;
        }
        cover->clearedAt = now();
        cover->clearedBySeq = recovery.seq;
        for (Acknowledgement &ack : m_byEvent) {
            if (ack.kind == AckKind::UntilClear && !ack.clearedAt.isValid() && ack.routerId == router && ack.type == type) {
                ack.clearedAt = cover->clearedAt;
                ack.clearedBySeq = recovery.seq;
            }
        }
        Q_EMIT changed(router);
    }
    return resolved;
}

AckState AcknowledgementStore::state(const store::Event &event) const
{
    return stateFor(event.seq, event.alert.routerId, event.alert.type);
}

Acknowledgement AcknowledgementStore::acknowledgement(const store::Event &event) const
{
    const Acknowledgement *ack = applying(event.seq, event.alert.routerId, event.alert.type);
    return ack ? *ack : Acknowledgement();
}

AckState AcknowledgementStore::routerState(const QString &routerId) const
{
    const auto latest = m_routerLatest.constFind(routerId);
    if (latest == m_routerLatest.cend())
        return AckState::Acknowledged;
    return stateFor(latest->seq, routerId, latest->type);
}

bool AcknowledgementStore::isRouterAcknowledged(const QString &routerId) const
{
    return routerState(routerId) != AckState::Unacknowledged;
}

AckState AcknowledgementStore::stateFor(qint64 seq, const QString &routerId, const QString &type) const
{
    const Acknowledgement *ack = applying(seq, routerId, type);
    return ack ? stateOf(*ack, seq) : AckState::Unacknowledged;
}

// The event's own acknowledgement when it still applies, else a covering snooze or
// until-clear of the same router and type.
const Acknowledgement *AcknowledgementStore::applying(qint64 seq, const QString &routerId, const QString &type) const
{
    const auto own = m_byEvent.constFind(seq);
    if (own != m_byEvent.cend() && stateOf(*own, seq) != AckState::Unacknowledged)
        return &*own;
    const auto cover = m_covers.constFind({routerId, type});
    if (cover != m_covers.cend() && stateOf(*cover, seq) != AckState::Unacknowledged)
        return &*cover;
    return nullptr;
}

AckState AcknowledgementStore::stateOf(const Acknowledgement &ack, qint64 seq) const
{
    switch (ack.kind) {
    case AckKind::Acknowledge:
        return ack.eventSeq == seq ? AckState::Acknowledged : AckState::Unacknowledged;
    case AckKind::Snooze:
        return now() < ack.until ? AckState::Snoozed : AckState::Unacknowledged;
    case AckKind::UntilClear:
        if (!ack.clearedAt.isValid())
            return AckState::AwaitingClear;
        return seq < ack.clearedBySeq ? AckState::Cleared : AckState::Unacknowledged;
    }
    return AckState::Unacknowledged;
}

QDateTime AcknowledgementStore::now() const
{
    return m_clock();
}

} // namespace fw::alerts
