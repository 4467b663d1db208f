#include "storetestutil.h"
#include "store/sqliteeventstore.h"

#include <QFile>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace Qt::Literals::StringLiterals;
using namespace fw::store;
using fw::store::test::makeEvent;

namespace {

// A second connection, as another process would hold, to poke the database under the store.
class SideConnection
{
public:
    explicit SideConnection(const QString &path)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"side"_s);
        db.setDatabaseName(path);
        db.open();
    }
    ~SideConnection() { QSqlDatabase::removeDatabase(u"side"_s); }
    Q_DISABLE_COPY_MOVE(SideConnection)

    bool exec(const QString &sql)
    {
        QSqlQuery query(QSqlDatabase::database(u"side"_s));
        return query.exec(sql);
    }
    qint64 scalar(const QString &sql)
    {
        QSqlQuery query(QSqlDatabase::database(u"side"_s));
        return query.exec(sql) && query.next() ? query.value(0).toLongLong() : -1;
    }
};

} // namespace

class tst_SqliteEventStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void appendCommitsAndCallsBack();
    void duplicatesStoredOnce();
    void timeuuidDedup();
    void groupCommitAcrossThreads();
    void seqOnlyGrows();
    void failedCommitStoresNothing();
    void poisonedPushFailsOnlyItself();
    void openErrors_data();
    void openErrors();
    void reopenKeepsEveryField();
    void queries_data();
    void queries();
    void countAndPaging();
    void metaPersists();
    void closeFlushesQueue();
    void destroyedContextIsSkipped();
    void appendAfterCloseFails();
    void sparseAlertIsStored();

private:
    AppendResult appendAndWait(QList<Event> events);
    QList<Event> queryAndWait(const EventQuery &query);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SqliteEventStore> m_store;
    QString m_path;
};

void tst_SqliteEventStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_path = m_dir->filePath(u"events.db"_s);
    m_store = std::make_unique<SqliteEventStore>();
    QCOMPARE(m_store->open(m_path), QString());
}

void tst_SqliteEventStore::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

AppendResult tst_SqliteEventStore::appendAndWait(QList<Event> events)
{
    std::optional<AppendResult> result;
    m_store->append(std::move(events), this, [&result](const AppendResult &r) { result = r; });
    [&] { QTRY_VERIFY(result.has_value()); }();
    return result.value_or(AppendResult{});
}

QList<Event> tst_SqliteEventStore::queryAndWait(const EventQuery &query)
{
    std::optional<QueryResult> result;
    m_store->query(query, this, [&result](const QueryResult &r) { result = r; });
    [&] { QTRY_VERIFY(result.has_value()); }();
    return result ? result->events : QList<Event>{};
}

void tst_SqliteEventStore::appendCommitsAndCallsBack()
{
    QSignalSpy committed(m_store.get(), &EventStore::eventsCommitted);
    QThread *callbackThread = nullptr;
    AppendResult result;

    m_store->append({makeEvent(1), makeEvent(2), makeEvent(3)}, this, [&](const AppendResult &r) {
        result = r;
        callbackThread = QThread::currentThread();
    });

    QTRY_VERIFY(callbackThread);
    QCOMPARE(callbackThread, QThread::currentThread());
    QVERIFY(result.ok);
    QCOMPARE(result.inserted, 3);
    QCOMPARE(result.duplicates, 0);
    QTRY_COMPARE(committed.count(), 1);
    const auto events = committed.first().first().value<QList<Event>>();
    QCOMPARE(events.size(), 3);
    QCOMPARE(events.at(0).seq, 1);
    QCOMPARE(events.at(2).seq, 3);
    QCOMPARE(events.at(0).category, u"Modem"_s);
    QCOMPARE(m_store->maxSeq(), 3);
}

void tst_SqliteEventStore::duplicatesStoredOnce()
{
    QSignalSpy committed(m_store.get(), &EventStore::eventsCommitted);
    QCOMPARE(appendAndWait({makeEvent(1)}).inserted, 1);

    const AppendResult again = appendAndWait({makeEvent(1), makeEvent(1), makeEvent(2)});

    QVERIFY(again.ok);
    QCOMPARE(again.inserted, 1);
    QCOMPARE(again.duplicates, 2);
    QTRY_COMPARE(committed.count(), 2);
    QCOMPARE(committed.at(1).first().value<QList<Event>>().size(), 1);
    Event otherInfo = makeEvent(1);
    otherInfo.alert.info = QJsonObject{{u"port"_s, u"int2"_s}};
    QCOMPARE(appendAndWait({otherInfo}).inserted, 1);
    QTRY_COMPARE(committed.count(), 3);
    const qint64 last = committed.at(2).first().value<QList<Event>>().first().seq;
    QVERIFY(last > committed.at(1).first().value<QList<Event>>().first().seq);
    QCOMPARE(m_store->maxSeq(), last); // ignored duplicates may leave gaps; seq only grows
}

void tst_SqliteEventStore::timeuuidDedup()
{
    Event a = makeEvent(1);
    Event b = makeEvent(2);
    a.alert.createdAtTimeuuid = u"5d2b8e00-11ef-0000"_s;
    b.alert.createdAtTimeuuid = u"5d2b8e00-11ef-0000"_s;

    QCOMPARE(appendAndWait({a}).inserted, 1);
    const AppendResult second = appendAndWait({b});

    QCOMPARE(second.inserted, 0);
    QCOMPARE(second.duplicates, 1);
}

void tst_SqliteEventStore::groupCommitAcrossThreads()
{
    QSignalSpy committed(m_store.get(), &EventStore::eventsCommitted);
    SideConnection side(m_path);
    QVERIFY(side.exec(u"BEGIN IMMEDIATE"_s)); // holds the write lock: the writer must wait
    std::atomic<int> done{0};
    std::atomic<int> failed{0};
    const auto count = [&](const AppendResult &r) { (r.ok ? done : failed)++; };

    m_store->append({makeEvent(0)}, nullptr, count);
    QTest::qWait(200); // a bare wait: the writer has taken the first push and is blocked
    QList<QThread *> threads;
    for (int t = 0; t < 4; ++t) {
        threads.append(QThread::create([&, t] {
            for (int i = 1; i <= 100; ++i)
                m_store->append({makeEvent(t * 1000 + i)}, nullptr, count);
        }));
        threads.last()->start();
    }
    for (QThread *thread : threads) {
        thread->wait();
        delete thread;
    }
    QVERIFY(side.exec(u"ROLLBACK"_s));

    QTRY_COMPARE(done.load(), 401);
    QCOMPARE(failed.load(), 0);
    QTRY_VERIFY(committed.count() >= 1);
    QVERIFY2(committed.count() <= 2, "the 400 queued pushes went into one transaction");
    qint64 last = 0;
    int total = 0;
    for (const auto &arguments : committed) {
        for (const Event &event : arguments.first().value<QList<Event>>()) {
            QVERIFY(event.seq > last);
            last = event.seq;
            ++total;
        }
    }
    QCOMPARE(total, 401);
}

void tst_SqliteEventStore::seqOnlyGrows()
{
    QCOMPARE(appendAndWait({makeEvent(1), makeEvent(2), makeEvent(3)}).inserted, 3);
    m_store->close();
    {
        SideConnection side(m_path);
        QVERIFY(side.exec(u"DELETE FROM events WHERE seq = 3"_s));
    }

    QCOMPARE(m_store->open(m_path), QString());
    QCOMPARE(appendAndWait({makeEvent(4)}).inserted, 1);

    QCOMPARE(m_store->maxSeq(), 4); // never reuses 3, although it was deleted
    QCOMPARE(queryAndWait({}).first().seq, 4);
}

void tst_SqliteEventStore::failedCommitStoresNothing()
{
    QSignalSpy errors(m_store.get(), &EventStore::storageError);
    QSignalSpy committed(m_store.get(), &EventStore::eventsCommitted);
    SideConnection side(m_path);
    QVERIFY(side.exec(u"CREATE TRIGGER poison BEFORE INSERT ON events WHEN NEW.type = 'poison' "
                      "BEGIN SELECT RAISE(ABORT, 'poisoned row'); END"_s));

    const AppendResult result = appendAndWait({makeEvent(1), makeEvent(2, u"poison"_s), makeEvent(3)});

    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(u"poisoned row"_s), qPrintable(result.error));
    QCOMPARE(result.inserted, 0);
    QCOMPARE(errors.count(), 1);
    QCOMPARE(committed.count(), 0);
    QCOMPARE(side.scalar(u"SELECT count(*) FROM events"_s), 0);
    QCOMPARE(m_store->maxSeq(), 0);
    QVERIFY(appendAndWait({makeEvent(1)}).ok); // the store keeps working
}

void tst_SqliteEventStore::poisonedPushFailsOnlyItself()
{
    SideConnection side(m_path);
    QVERIFY(side.exec(u"CREATE TRIGGER poison BEFORE INSERT ON events WHEN NEW.type = 'poison' "
                      "BEGIN SELECT RAISE(ABORT, 'poisoned row'); END"_s));
    QVERIFY(side.exec(u"BEGIN IMMEDIATE"_s));
    std::optional<AppendResult> first, good, bad;
    m_store->append({makeEvent(1)}, this, [&](const AppendResult &r) { first = r; });
    QTest::qWait(200); // a bare wait: the writer is blocked on the first push, the next two group
    m_store->append({makeEvent(2)}, this, [&](const AppendResult &r) { good = r; });
    m_store->append({makeEvent(3, u"poison"_s)}, this, [&](const AppendResult &r) { bad = r; });
    QVERIFY(side.exec(u"ROLLBACK"_s));

    QTRY_VERIFY(first && good && bad);
    QVERIFY(first->ok);
    QVERIFY(good->ok);
    QVERIFY(!bad->ok);
    QCOMPARE(side.scalar(u"SELECT count(*) FROM events"_s), 2);
}

void tst_SqliteEventStore::openErrors_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("needle");

    QTest::newRow("missing directory") << u"missing-dir"_s << u"Cannot open the event database"_s;
    QTest::newRow("not a database") << u"text-file"_s << u"not a database"_s;
    QTest::newRow("foreign sqlite file") << u"foreign"_s << u"not a Fleetwall event database"_s;
    QTest::newRow("newer schema") << u"newer"_s << u"newer"_s;
    QTest::newRow("read-only file") << u"read-only"_s << u"Cannot open"_s;
}

void tst_SqliteEventStore::openErrors()
{
    QFETCH(QString, kind);
    QFETCH(QString, needle);
    m_store->close();
    QString path = m_dir->filePath(kind + u".db"_s);

    if (kind == u"missing-dir"_s) {
        path = m_dir->filePath(u"no/such/dir/events.db"_s);
    } else if (kind == u"text-file"_s) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(8192, 'x'));
    } else if (kind == u"foreign"_s) {
        SideConnection side(path);
        QVERIFY(side.exec(u"CREATE TABLE invoices (id)"_s));
    } else if (kind == u"newer"_s) {
        SqliteEventStore other;
        QCOMPARE(other.open(path), QString());
        other.close();
        SideConnection side(path);
        QVERIFY(side.exec(u"UPDATE schema_version SET version = 99"_s));
    } else if (kind == u"read-only"_s) {
        SqliteEventStore other;
        QCOMPARE(other.open(path), QString());
        other.close();
        QFile::remove(path + u"-wal"_s);
        QFile::remove(path + u"-shm"_s);
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner));
        if (QFile(path).open(QIODevice::ReadWrite))
            QSKIP("running as root: permissions do not stop writes");
    }

    const QString error = m_store->open(path);

    QVERIFY2(error.contains(needle), qPrintable(error));
    QVERIFY(error.endsWith(u'.'));
    QVERIFY(!m_store->isOpen());
    QVERIFY(!appendAndWait({makeEvent(1)}).ok);
}

void tst_SqliteEventStore::reopenKeepsEveryField()
{
    Event event = makeEvent(7, u"connection_state"_s, u"4242"_s);
    event.alert.info = QJsonObject{{u"state"_s, u"offline"_s}};
    event.alert.routerDetails.mac = u"00:30:44:01:02:03"_s;
    event.alert.createdAtTimeuuid = u"abc-123"_s;
    event.alert.createdAt = QDateTime::fromMSecsSinceEpoch(1'793'000'000'123, Qt::UTC);
    event.source = Source::Backfill;
    event.receivedAt = QDateTime::fromMSecsSinceEpoch(1'793'000'001'000, Qt::UTC);
    QVERIFY(appendAndWait({event}).ok);
    m_store->close();
    SqliteEventStore reopened;
    QCOMPARE(reopened.open(m_path), QString());
    m_store.reset();
    std::optional<QueryResult> result;

    reopened.query({}, this, [&](const QueryResult &r) { result = r; });

    QTRY_VERIFY(result);
    QCOMPARE(result->events.size(), 1);
    const Event &back = result->events.first();
    QCOMPARE(back.seq, 1);
    QCOMPARE(back.alert.type, u"connection_state"_s);
    QCOMPARE(back.alert.routerId, u"4242"_s);
    QCOMPARE(back.alert.accountId, u"55"_s);
    QCOMPARE(back.alert.routerDetails.name, u"BUS-4242"_s);
    QCOMPARE(back.alert.routerDetails.mac, u"00:30:44:01:02:03"_s);
    QCOMPARE(back.alert.routerDetails.serialNumber, u"SN4242"_s);
    QCOMPARE(back.alert.detectedAtMicros(), event.alert.detectedAtUsec);
    QCOMPARE(back.alert.createdAt, event.alert.createdAt);
    QCOMPARE(back.alert.createdAtTimeuuid, u"abc-123"_s);
    QCOMPARE(back.alert.info, event.alert.info);
    QCOMPARE(back.alert.friendlyInfo, event.alert.friendlyInfo);
    QCOMPARE(back.receivedAt, event.receivedAt);
    QCOMPARE(back.source, Source::Backfill);
    QVERIFY(back.signatureVerified);
    QCOMPARE(back.category, u"General"_s);
    QCOMPARE(back.dedupKey, QByteArray("t:abc-123"));
    QCOMPARE(reopened.maxSeq(), 1);
    QCOMPARE(reopened.lastAlertTime(), event.alert.createdAt);
    m_store = std::make_unique<SqliteEventStore>();
}

void tst_SqliteEventStore::queries_data()
{
    QTest::addColumn<EventQuery>("query");
    QTest::addColumn<QList<qint64>>("seqs");

    const auto q = [](auto change) {
        EventQuery query;
        change(query);
        return query;
    };
    const QDateTime t0 = QDateTime::fromMSecsSinceEpoch(1'793'000'000'000, Qt::UTC);
    QTest::newRow("latest 3") << q([](EventQuery &e) { e.limit = 3; }) << QList<qint64>{10, 9, 8};
    QTest::newRow("by router") << q([](EventQuery &e) { e.routerId = u"r2"_s; }) << QList<qint64>{10, 8, 6, 4, 2};
    QTest::newRow("by type") << q([](EventQuery &e) { e.types = {u"ipsec_tunnel_down"_s}; }) << QList<qint64>{9, 6, 3};
    QTest::newRow("by category") << q([](EventQuery &e) { e.categories = {u"Security"_s}; })
                                 << QList<qint64>{9, 6, 3};
    QTest::newRow("by two types") << q([](EventQuery &e) { e.types = {u"ipsec_tunnel_down"_s, u"mystery"_s}; })
                                  << QList<qint64>{10, 9, 7, 6, 4, 3, 1};
    QTest::newRow("unknown is Other") << q([](EventQuery &e) { e.categories = {u"Other"_s}; })
                                      << QList<qint64>{10, 7, 4, 1};
    QTest::newRow("time range") << q([t0](EventQuery &e) {
        e.from = t0.addMSecs(37 * 3);
        e.to = t0.addMSecs(37 * 6);
    }) << QList<qint64>{6, 5, 4};
    QTest::newRow("text word") << q([](EventQuery &e) { e.text = u"verizon"_s; }) << QList<qint64>{10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    QTest::newRow("text substring and router name") << q([](EventQuery &e) { e.text = u"BUS-r1 erizo"_s; })
                                                 << QList<qint64>{9, 7, 5, 3, 1};
    QTest::newRow("text by type words") << q([](EventQuery &e) { e.text = u"ipsec_tunnel"_s; })
                                        << QList<qint64>{9, 6, 3};
    QTest::newRow("text with quotes is safe") << q([](EventQuery &e) { e.text = u"\"OR\" *"_s; }) << QList<qint64>{};
    QTest::newRow("text wildcards are literal") << q([](EventQuery &e) { e.text = u"%"_s; }) << QList<qint64>{};
    QTest::newRow("text underscore is literal") << q([](EventQuery &e) { e.text = u"wwan_d"_s; })
                                                << QList<qint64>{8, 5, 2};
    QTest::newRow("router and type") << q([](EventQuery &e) {
        e.routerId = u"r1"_s;
        e.types = {u"ipsec_tunnel_down"_s};
    }) << QList<qint64>{9, 3};
    QTest::newRow("after seq ascending") << q([](EventQuery &e) {
        e.afterSeq = 7;
        e.ascending = true;
    }) << QList<qint64>{8, 9, 10};
    QTest::newRow("before seq") << q([](EventQuery &e) {
        e.beforeSeq = 3;
    }) << QList<qint64>{2, 1};
}

void tst_SqliteEventStore::queries()
{
    QFETCH(EventQuery, query);
    QFETCH(QList<qint64>, seqs);
    QList<Event> events;
    const QStringList types{u"mystery"_s, u"wwan_disconnected"_s, u"ipsec_tunnel_down"_s};
    for (int i = 0; i < 10; ++i) {
        Event event = makeEvent(i, types.at(i % 3), i % 2 ? u"r2"_s : u"r1"_s);
        event.alert.detectedAtUsec = 1'793'000'000'000'000 + i * 37'000;
        event.alert.detectedAt = QDateTime::fromMSecsSinceEpoch(event.alert.detectedAtUsec / 1000, Qt::UTC);
        events.append(event);
    }
    QVERIFY(appendAndWait(events).ok);

    QList<qint64> found;
    for (const Event &event : queryAndWait(query))
        found.append(event.seq);

    QCOMPARE(found, seqs);
}

void tst_SqliteEventStore::countAndPaging()
{
    QList<Event> events;
    for (int i = 0; i < 25; ++i)
        events.append(makeEvent(i));
    QVERIFY(appendAndWait(events).ok);
    std::optional<qint64> counted;

    m_store->count({}, this, [&](qint64 n, const QString &error) { counted = error.isEmpty() ? n : -1; });

    QTRY_COMPARE(counted.value_or(-2), 25);
    EventQuery page;
    page.limit = 10;
    QList<qint64> seen;
    for (;;) {
        const QList<Event> chunk = queryAndWait(page);
        if (chunk.isEmpty())
            break;
        for (const Event &event : chunk)
            seen.append(event.seq);
        page.beforeSeq = chunk.constLast().seq;
    }
    QCOMPARE(seen.size(), 25);
    QCOMPARE(seen.first(), 25);
    QCOMPARE(seen.last(), 1);
}

void tst_SqliteEventStore::metaPersists()
{
    m_store->setMeta(u"api.calls_today"_s, 42);
    m_store->setMeta(u"api.last_sync"_s, u"2026-11-01T10:00:00Z"_s);
    QCOMPARE(m_store->meta(u"api.calls_today"_s).toInt(), 42);
    QVERIFY(appendAndWait({makeEvent(1)}).ok);
    m_store->close();

    QCOMPARE(m_store->open(m_path), QString());

    QCOMPARE(m_store->meta(u"api.calls_today"_s).toInt(), 42);
    QCOMPARE(m_store->meta(u"api.last_sync"_s).toString(), u"2026-11-01T10:00:00Z"_s);
    QCOMPARE(m_store->meta(u"absent"_s, 7).toInt(), 7);
    QCOMPARE(m_store->lastAlertTimeUsec(), makeEvent(1).alert.detectedAtUsec);
}

void tst_SqliteEventStore::closeFlushesQueue()
{
    std::atomic<int> done{0};
    for (int i = 0; i < 300; ++i)
        m_store->append({makeEvent(i)}, nullptr, [&done](const AppendResult &r) { done += r.ok ? 1 : 0; });

    m_store->close();

    QCOMPARE(done.load(), 300);
    SideConnection side(m_path);
    QCOMPARE(side.scalar(u"SELECT count(*) FROM events"_s), 300);
}

void tst_SqliteEventStore::destroyedContextIsSkipped()
{
    bool called = false;
    auto *context = new QObject;
    m_store->append({makeEvent(1)}, context, [&called](const AppendResult &) { called = true; });
    delete context;

    QVERIFY(m_store->flush());
    QTest::qWait(50); // a bare wait: nothing may arrive

    QVERIFY(!called);
    QCOMPARE(m_store->maxSeq(), 1);
}

void tst_SqliteEventStore::appendAfterCloseFails()
{
    m_store->close();

    const AppendResult result = appendAndWait({makeEvent(1)});

    QVERIFY(!result.ok);
    QVERIFY(result.error.contains(u"closed"_s));
}

void tst_SqliteEventStore::sparseAlertIsStored()
{
    Event event; // no router, account, name, info or texts: null strings everywhere
    event.alert.type = u"custom_alert"_s;

    const AppendResult result = appendAndWait({event});

    QVERIFY2(result.ok, qPrintable(result.error));
    const QList<Event> back = queryAndWait({});
    QCOMPARE(back.size(), 1);
    QVERIFY(back.first().alert.routerId.isEmpty());
    QCOMPARE(back.first().category, u"General"_s);
}

QTEST_GUILESS_MAIN(tst_SqliteEventStore)
#include "tst_sqliteeventstore.moc"
