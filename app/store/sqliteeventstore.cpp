#include "store/sqliteeventstore.h"

#include "core/logging.h"
#include "ncm/alertparser.h"
#include "ncm/catalogue.h"
#include "store/dedup.h"
#include "store/schema.h"
#include "store/sqlworker.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSemaphore>
#include <QSqlError>
#include <QSqlQuery>

#include <numeric>

using namespace Qt::Literals::StringLiterals;

namespace fw::store {

struct WriterState
{
    explicit WriterState(QSqlDatabase &database)
        : db(database)
        , insert(db)
        , setMeta(db)
    {
    }

    QSqlDatabase db;
    QSqlQuery insert;
    QSqlQuery setMeta;
};

namespace {

constexpr QLatin1StringView LastAlertKey{"store.last_alert_at_us"};
constexpr int BusyTimeoutMs = 5'000;

const QString EventColumns = u"seq, dedup_key, type, category, severity, title, router_id, account_id, "
                             "router_name, detected_at, created_at, created_at_timeuuid, received_at, "
                             "friendly_info, info, alert_json, signature_verified, source"_s;

QString nextConnectionName(QLatin1StringView role)
{
    static std::atomic<int> counter{0};
    return u"fleetwall.store.%1.%2"_s.arg(role).arg(++counter);
}

QDateTime fromUsec(qint64 usec)
{
    return QDateTime::fromMSecsSinceEpoch(usec >= 0 ? usec / 1000 : (usec - 999) / 1000, Qt::UTC);
}

QString execAll(QSqlDatabase &db, const QStringList &statements)
{
    QSqlQuery query(db);
    for (const QString &statement : statements) {
        if (!query.exec(statement))
            return sqlErrorText(query.lastError());
    }
    return {};
}

// Fills what the caller may leave out; runs on the appending thread, off the writer's path.
void completeEvent(Event &event)
{
    if (event.alert.json.isEmpty())
        event.alert.json = ncm::alertToJson(event.alert);
    if (event.dedupKey.isEmpty())
        event.dedupKey = dedupKey(event.alert);
    if (event.category.isEmpty())
        ncm::Catalogue::instance().classify(event);
    if (!event.receivedAt.isValid())
        event.receivedAt = QDateTime::currentDateTimeUtc();
}

qint64 alertTimeUsec(const Event &event)
{
    const ncm::Alert &alert = event.alert;
    return alert.createdAt.isValid() ? alert.createdAt.toMSecsSinceEpoch() * 1000 : alert.detectedAtMicros();
}

// Qt binds a null QString as SQL NULL; the text columns are NOT NULL.
QString text(const QString &value)
{
    return value.isNull() ? QString(u""_s) : value;
}

void bindEvent(QSqlQuery &insert, const Event &event)
{
    const ncm::Alert &alert = event.alert;
    insert.bindValue(0, event.dedupKey);
    insert.bindValue(1, text(alert.type));
    insert.bindValue(2, text(event.category));
    insert.bindValue(3, int(event.severity));
    insert.bindValue(4, text(event.title.isEmpty() ? alert.type : event.title));
    insert.bindValue(5, text(alert.routerId));
    insert.bindValue(6, text(alert.accountId));
    insert.bindValue(7, text(alert.routerDetails.name));
    insert.bindValue(8, alert.detectedAtMicros());
    insert.bindValue(9, alert.createdAt.isValid() ? QVariant(alert.createdAt.toMSecsSinceEpoch() * 1000)
                                                  : QVariant(QMetaType::fromType<qint64>()));
    insert.bindValue(10, alert.createdAtTimeuuid.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                                           : QVariant(alert.createdAtTimeuuid));
    insert.bindValue(11, event.receivedAt.toMSecsSinceEpoch() * 1000);
    insert.bindValue(12, text(alert.friendlyInfo));
    insert.bindValue(13, QString::fromUtf8(canonicalJson(alert.info)));
    insert.bindValue(14, QString::fromUtf8(alert.json));
    insert.bindValue(15, event.signatureVerified ? 1 : 0);
    insert.bindValue(16, int(event.source));
}

Event eventFromRow(const QSqlQuery &row)
{
    Event event;
    ncm::Alert &alert = event.alert;
    event.seq = row.value(0).toLongLong();
    event.dedupKey = row.value(1).toByteArray();
    alert.type = row.value(2).toString();
    event.category = row.value(3).toString();
    event.severity = static_cast<Severity>(qBound(0, row.value(4).toInt(), 2));
    event.title = row.value(5).toString();
    alert.routerId = row.value(6).toString();
    alert.accountId = row.value(7).toString();
    alert.detectedAtUsec = row.value(9).toLongLong();
    alert.detectedAt = fromUsec(alert.detectedAtUsec);
    if (!row.value(10).isNull())
        alert.createdAt = fromUsec(row.value(10).toLongLong());
    alert.createdAtTimeuuid = row.value(11).toString();
    event.receivedAt = fromUsec(row.value(12).toLongLong());
    alert.friendlyInfo = row.value(13).toString();
    alert.info = jsonValueFromText(row.value(14).toString().toUtf8());
    alert.json = row.value(15).toString().toUtf8();
    event.signatureVerified = row.value(16).toInt() != 0;
    event.source = static_cast<Source>(qBound(0, row.value(17).toInt(), 3));

    const QJsonObject original = QJsonDocument::fromJson(alert.json).object();
    alert.routerDetails = ncm::parseRouterDetails(original.value("router_details"_L1));
    if (alert.routerDetails.name.isEmpty())
        alert.routerDetails.name = row.value(8).toString();
    return event;
}

// A LIKE pattern matching text anywhere, with LIKE's own wildcards taken literally.
QString containsPattern(const QString &word)
{
    QString escaped = word;
    escaped.replace(u'\\', u"\\\\"_s).replace(u'%', u"\\%"_s).replace(u'_', u"\\_"_s);
    return u'%' % escaped % u'%';
}

struct SqlFilter
{
    QStringList conditions;
    QVariantList values;

    void add(const QString &condition, const QVariant &value)
    {
        conditions.append(condition);
        values.append(value);
    }
    void addIn(const QString &column, const QStringList &list)
    {
        conditions.append(column % u" IN ("_s % QStringList(list.size(), u"?"_s).join(u',') % u')');
        for (const QString &item : list)
            values.append(item);
    }
    QString where() const
    {
        return conditions.isEmpty() ? QString() : u" WHERE "_s % conditions.join(u" AND "_s);
    }
};

SqlFilter buildFilter(const EventQuery &query)
{
    SqlFilter filter;
    if (query.beforeSeq > 0)
        filter.add(u"seq < ?"_s, query.beforeSeq);
    if (query.afterSeq > 0)
        filter.add(u"seq > ?"_s, query.afterSeq);
    if (!query.routerId.isEmpty())
        filter.add(u"router_id = ?"_s, query.routerId);
    if (query.from.isValid())
        filter.add(u"detected_at >= ?"_s, query.from.toMSecsSinceEpoch() * 1000);
    if (query.to.isValid())
        filter.add(u"detected_at < ?"_s, query.to.toMSecsSinceEpoch() * 1000);
    if (!query.types.isEmpty())
        filter.addIn(u"type"_s, query.types);
    if (!query.categories.isEmpty())
        filter.addIn(u"category"_s, query.categories);
    // Every word must appear in one of the readable columns (ASCII case-insensitive).
    for (const QString &word : query.text.split(u' ', Qt::SkipEmptyParts)) {
        const QString pattern = containsPattern(word);
        filter.conditions.append(u"(friendly_info LIKE ? ESCAPE '\\' OR router_name LIKE ? ESCAPE '\\' "
                                 "OR type LIKE ? ESCAPE '\\' OR title LIKE ? ESCAPE '\\')"_s);
        filter.values.append(QVariantList(4, pattern));
    }
    return filter;
}

bool prepareAndBind(QSqlQuery &sql, const QString &text, const QVariantList &values)
{
    sql.setForwardOnly(true);
    if (!sql.prepare(text))
        return false;
    for (qsizetype i = 0; i < values.size(); ++i)
        sql.bindValue(int(i), values.at(i));
    return sql.exec();
}

QueryResult runQuery(QSqlDatabase &db, const EventQuery &query)
{
    const SqlFilter filter = buildFilter(query);
    const int limit = qBound(1, query.limit, EventQuery::MaxLimit);
    const QString text = u"SELECT "_s % EventColumns % u" FROM events"_s % filter.where() % u" ORDER BY seq "_s
                         % (query.ascending ? u"ASC"_s : u"DESC"_s) % u" LIMIT "_s % QString::number(limit);

    QueryResult result;
    QSqlQuery sql(db);
    if (!prepareAndBind(sql, text, filter.values)) {
        result.error = u"The event query failed: %1."_s.arg(sqlErrorText(sql.lastError()));
        return result;
    }
    while (sql.next())
        result.events.append(eventFromRow(sql));
    return result;
}

std::pair<qint64, QString> runCount(QSqlDatabase &db, const EventQuery &query)
{
    const SqlFilter filter = buildFilter(query);
    QSqlQuery sql(db);
    if (!prepareAndBind(sql, u"SELECT count(*) FROM events"_s % filter.where(), filter.values) || !sql.next())
        return {0, u"The event count failed: %1."_s.arg(sqlErrorText(sql.lastError()))};
    return {sql.value(0).toLongLong(), QString()};
}

// Runs fn on context's thread, or right here when the caller gave no context.
template<typename Fn>
void deliver(bool hasContext, const QPointer<QObject> &context, Fn fn)
{
    if (!hasContext) {
        fn();
        return;
    }
    if (QObject *target = context.data())
        QMetaObject::invokeMethod(target, std::move(fn), Qt::QueuedConnection);
}

} // namespace

SqliteEventStore::SqliteEventStore(QObject *parent)
    : EventStore(parent)
{
}

SqliteEventStore::~SqliteEventStore()
{
    close();
}

QString SqliteEventStore::open(const QString &path)
{
    close();
    m_path = path;
    m_writer = std::make_unique<SqlWorker>(nextConnectionName("writer"_L1));
    QString error = m_writer->start([this](QSqlDatabase &db) { return openWriter(db); });
    if (error.isEmpty()) {
        m_reader = std::make_unique<SqlWorker>(nextConnectionName("reader"_L1));
        error = m_reader->start([this](QSqlDatabase &db) { return openReader(db); });
    }
    if (error.isEmpty())
        return {};

    close();
    const QString sentence = u"Cannot open the event database %1: %2."_s.arg(path, error);
    qCWarning(lcStore).noquote() << sentence;
    return sentence;
}

QString SqliteEventStore::openWriter(QSqlDatabase &db)
{
    db.setDatabaseName(m_path);
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(BusyTimeoutMs));
    if (!db.open())
        return sqlErrorText(db.lastError());

    QSqlQuery pragma(db);
    if (!pragma.exec(u"PRAGMA journal_mode = WAL"_s) || !pragma.next())
        return sqlErrorText(pragma.lastError());
    const bool wal = pragma.value(0).toString().compare(u"wal"_s, Qt::CaseInsensitive) == 0;
    pragma.finish();
    if (!wal)
        return u"it cannot be switched to write-ahead logging (read-only?)"_s;
    QString error = execAll(db, {u"PRAGMA synchronous = NORMAL"_s});
    if (error.isEmpty())
        error = migrate(db);
    if (error.isEmpty())
        error = execAll(db, {u"BEGIN IMMEDIATE"_s, u"ROLLBACK"_s}); // proves it is writable
    if (error.isEmpty())
        error = loadCounters(db);
    if (error.isEmpty())
        error = prepareWriter(db);
    return error;
}

// The highest seq and the meta table, read once; afterwards the writer keeps them current.
QString SqliteEventStore::loadCounters(QSqlDatabase &db)
{
    QSqlQuery read(db);
    if (!read.exec(u"SELECT coalesce(max(seq), 0) FROM events"_s) || !read.next())
        return sqlErrorText(read.lastError());
    m_maxSeq = read.value(0).toLongLong();
    read.finish();
    if (!read.exec(u"SELECT key, value FROM meta"_s))
        return sqlErrorText(read.lastError());

    QMutexLocker locker(&m_metaMutex);
    m_meta.clear();
    while (read.next())
        m_meta.insert(read.value(0).toString(), read.value(1));
    m_lastAlertUsec = m_meta.value(LastAlertKey).toLongLong();
    return {};
}

QString SqliteEventStore::prepareWriter(QSqlDatabase &db)
{
    auto state = std::make_unique<WriterState>(db);
    const bool prepared
        = state->insert.prepare(u"INSERT OR IGNORE INTO events (dedup_key, type, category, severity, title, "
                                "router_id, account_id, router_name, detected_at, created_at, "
                                "created_at_timeuuid, received_at, friendly_info, info, alert_json, "
                                "signature_verified, source) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"_s)
          && state->setMeta.prepare(u"INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"_s);
    if (!prepared)
        return sqlErrorText(state->insert.lastError()) + sqlErrorText(state->setMeta.lastError());
    m_state = std::move(state);
    return {};
}

QString SqliteEventStore::openReader(QSqlDatabase &db)
{
    db.setDatabaseName(m_path);
    db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=%1"_s.arg(BusyTimeoutMs));
    if (!db.open())
        return sqlErrorText(db.lastError());
    return execAll(db, {u"SELECT count(*) FROM schema_version"_s});
}

void SqliteEventStore::close()
{
    if (m_reader) {
        m_reader->stop();
        m_reader.reset();
    }
    if (m_writer) {
        // Queued appends are committed first: stop() runs every task posted before it.
        m_writer->post([this](QSqlDatabase &) { m_state.reset(); });
        m_writer->stop();
        m_writer.reset();
    }
    m_state.reset();
}

bool SqliteEventStore::isOpen() const
{
    return m_writer && m_writer->isRunning();
}

QString SqliteEventStore::path() const
{
    return m_path;
}

void SqliteEventStore::append(QList<Event> events, QObject *context, Done done)
{
    for (Event &event : events)
        completeEvent(event);
    AppendJob job{std::move(events), context, context != nullptr, std::move(done)};

    QMutexLocker locker(&m_pendingMutex);
    if (!m_drainScheduled && m_writer)
        m_drainScheduled = m_writer->post([this](QSqlDatabase &) { drain(); });
    if (m_drainScheduled) {
        m_pending.append(std::move(job));
        return;
    }
    locker.unlock();
    finishJob(job, AppendResult{false, u"The event store is closed."_s, 0, 0});
}

void SqliteEventStore::drain()
{
    QList<AppendJob> jobs;
    {
        QMutexLocker locker(&m_pendingMutex);
        jobs.swap(m_pending);
        m_drainScheduled = false;
    }
    if (!jobs.isEmpty())
        commitJobs(jobs);
}

void SqliteEventStore::commitJobs(QList<AppendJob> &jobs)
{
    QList<Event> committed;
    const QString error = insertJobs(jobs, committed);
    if (error.isEmpty() || jobs.size() == 1) {
        if (!committed.isEmpty())
            Q_EMIT eventsCommitted(committed);
        return;
    }

    // The group failed: commit each push alone so one poisoned push fails only itself.
    for (AppendJob &job : jobs) {
        QList<AppendJob> single;
        single.append(std::move(job));
        committed.clear();
        insertJobs(single, committed);
        if (!committed.isEmpty())
            Q_EMIT eventsCommitted(committed);
    }
}

// One transaction for all jobs; every job is finished here, with its counts or the error.
QString SqliteEventStore::insertJobs(QList<AppendJob> &jobs, QList<Event> &committed)
{
    QString error = m_state ? QString() : u"The event store is closed."_s;
    QList<AppendResult> results(jobs.size());
    qint64 lastAlert = m_lastAlertUsec;

    if (error.isEmpty() && !m_state->db.transaction())
        error = sqlErrorText(m_state->db.lastError());
    for (qsizetype i = 0; error.isEmpty() && i < jobs.size(); ++i) {
        for (Event &event : jobs[i].events) {
            bindEvent(m_state->insert, event);
            if (!m_state->insert.exec()) {
                error = sqlErrorText(m_state->insert.lastError());
                break;
            }
            if (m_state->insert.numRowsAffected() <= 0) {
                ++results[i].duplicates;
                continue;
            }
            event.seq = m_state->insert.lastInsertId().toLongLong();
            lastAlert = std::max(lastAlert, alertTimeUsec(event));
            committed.append(event);
            ++results[i].inserted;
        }
    }
    if (error.isEmpty() && lastAlert > m_lastAlertUsec) {
        m_state->setMeta.bindValue(0, QString(LastAlertKey));
        m_state->setMeta.bindValue(1, lastAlert);
        if (!m_state->setMeta.exec())
            error = sqlErrorText(m_state->setMeta.lastError());
    }
    if (m_state)
        m_state->insert.finish();
    if (error.isEmpty() && !m_state->db.commit())
        error = sqlErrorText(m_state->db.lastError());

    if (error.isEmpty()) {
        if (!committed.isEmpty())
            m_maxSeq = committed.constLast().seq;
        m_lastAlertUsec = lastAlert;
        for (qsizetype i = 0; i < jobs.size(); ++i) {
            results[i].ok = true;
            finishJob(jobs[i], results[i]);
        }
        return {};
    }

    failJobs(jobs, error, committed);
    return error;
}

void SqliteEventStore::failJobs(QList<AppendJob> &jobs, const QString &error, QList<Event> &committed)
{
    if (m_state)
        m_state->db.rollback();
    committed.clear();
    if (jobs.size() > 1)
        return; // commitJobs() retries each job alone and reports them then

    const QString sentence = u"Storing %1 event(s) failed, nothing of them was stored: %2."_s
                                 .arg(std::accumulate(jobs.cbegin(), jobs.cend(), qsizetype(0),
                                                      [](qsizetype n, const AppendJob &job) { return n + job.events.size(); }))
                                 .arg(error);
    qCWarning(lcStore).noquote() << sentence;
    Q_EMIT storageError(sentence);
    for (AppendJob &job : jobs)
        finishJob(job, AppendResult{false, sentence, 0, 0});
}

void SqliteEventStore::finishJob(AppendJob &job, const AppendResult &result)
{
    if (!job.done)
        return;
    deliver(job.hasContext, job.context, [done = std::move(job.done), result] { done(result); });
}

bool SqliteEventStore::flush(int timeoutMs)
{
    auto finished = std::make_shared<QSemaphore>();
    if (!m_writer || !m_writer->post([finished](QSqlDatabase &) { finished->release(); }))
        return false;
    return finished->tryAcquire(1, timeoutMs);
}

void SqliteEventStore::query(const EventQuery &query, QObject *context, QueryDone done)
{
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    auto task = [query, guard, hasContext, done](QSqlDatabase &db) {
        deliver(hasContext, guard, [result = runQuery(db, query), done] { done(result); });
    };
    if (!m_reader || !m_reader->post(task))
        deliver(hasContext, guard, [done] { done(QueryResult{{}, u"The event store is closed."_s}); });
}

void SqliteEventStore::count(const EventQuery &query, QObject *context, CountDone done)
{
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    auto task = [query, guard, hasContext, done](QSqlDatabase &db) {
        deliver(hasContext, guard, [counted = runCount(db, query), done] { done(counted.first, counted.second); });
    };
    if (!m_reader || !m_reader->post(task))
        deliver(hasContext, guard, [done] { done(0, u"The event store is closed."_s); });
}

qint64 SqliteEventStore::maxSeq() const
{
    return m_maxSeq;
}

QDateTime SqliteEventStore::lastAlertTime() const
{
    const qint64 usec = m_lastAlertUsec;
    return usec > 0 ? fromUsec(usec) : QDateTime();
}

qint64 SqliteEventStore::lastAlertTimeUsec() const
{
    return m_lastAlertUsec;
}

QVariant SqliteEventStore::meta(const QString &key, const QVariant &defaultValue) const
{
    QMutexLocker locker(&m_metaMutex);
    return m_meta.value(key, defaultValue);
}

void SqliteEventStore::setMeta(const QString &key, const QVariant &value)
{
    {
        QMutexLocker locker(&m_metaMutex);
        m_meta.insert(key, value);
    }
    const bool posted = m_writer && m_writer->post([this, key, value](QSqlDatabase &) {
        if (!m_state)
            return;
        m_state->setMeta.bindValue(0, key);
        m_state->setMeta.bindValue(1, value);
        if (!m_state->setMeta.exec()) {
            qCWarning(lcStore) << "Storing" << key << "failed:" << sqlErrorText(m_state->setMeta.lastError());
            Q_EMIT storageError(sqlErrorText(m_state->setMeta.lastError()));
        }
    });
    if (!posted)
        qCWarning(lcStore) << "The event store is closed: meta value" << key << "kept in memory only.";
}

} // namespace fw::store
