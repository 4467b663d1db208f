#include "fleettestutil.h"
#include "fleet/fleetstate.h"
#include "store/sqliteeventstore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fw::fleet;
using fw::fleet::test::makeEvent;
using fw::store::Severity;

// One step of a scenario: "type" or "type:state", at second t.
struct Step
{
    QString type;
    int t = 0;
};
Q_DECLARE_METATYPE(QList<Step>)

class tst_FleetState : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eventCreatesRouterFromDetails();
    void onlineState_data();
    void onlineState();
    void openAlerts_data();
    void openAlerts();
    void accountLevelAlertIgnored();
    void upsertMergesWithoutBlanking();
    void apiStateOlderThanEventIgnored();
    void positionSignalBattery();
    void signalsPerBatch();
    void rebuildFromStore();
    void liveEventsFromStoreThread();
    void manyRouters();

private:
    FleetState *apply(FleetState &state, const QList<Step> &steps);
};

FleetState *tst_FleetState::apply(FleetState &state, const QList<Step> &steps)
{
    QList<fw::store::Event> events;
    qint64 seq = 0;
    for (const Step &step : steps) {
        const QString type = step.type.section(u':', 0, 0);
        const QString info = step.type.section(u':', 1, 1);
        events.append(makeEvent(u"7"_s, type, step.t, info, ++seq));
    }
    state.applyEvents(events);
    return &state;
}

void tst_FleetState::eventCreatesRouterFromDetails()
{
    FleetState state;
    fw::store::Event e = makeEvent(u"42"_s, u"wwan_connected"_s, 5);
    e.alert.routerDetails.mac = u"00:30:44:aa:bb:cc"_s;
    e.alert.accountId = u"9"_s;

    state.applyEvents({e});

    QCOMPARE(state.count(), 1);
    const Router *router = state.router(u"42"_s);
    QVERIFY(router);
    QCOMPARE(router->name, u"BUS-42"_s);
    QCOMPARE(router->serialNumber, u"SN-42"_s);
    QCOMPARE(router->mac, u"00:30:44:aa:bb:cc"_s);
    QCOMPARE(router->accountId, u"9"_s);
    QCOMPARE(router->state, OnlineState::Unknown); // wwan says nothing about NCM's connection
    QCOMPARE(router->lastEventType, u"wwan_connected"_s);
    QCOMPARE(router->lastEventTitle, u"Cellular WAN connected"_s);
    QCOMPARE(state.rowOf(u"42"_s), 0);
    QCOMPARE(state.rowOf(u"43"_s), -1);
}

void tst_FleetState::onlineState_data()
{
    QTest::addColumn<QList<Step>>("steps");
    QTest::addColumn<OnlineState>("expected");

    QTest::newRow("offline") << QList<Step>{{u"connection_state:offline"_s, 1}} << OnlineState::Offline;
    QTest::newRow("offline then online")
        << QList<Step>{{u"connection_state:offline"_s, 1}, {u"connection_state:online"_s, 2}} << OnlineState::Online;
    QTest::newRow("late older offline does not roll back")
        << QList<Step>{{u"connection_state:online"_s, 5}, {u"connection_state:offline"_s, 2}} << OnlineState::Online;
    QTest::newRow("initialized") << QList<Step>{{u"connection_state:initialized"_s, 1}} << OnlineState::Initialized;
    QTest::newRow("garbage state ignored")
        << QList<Step>{{u"connection_state:offline"_s, 1}, {u"connection_state:sideways"_s, 2}}
        << OnlineState::Offline;
    QTest::newRow("modem types leave it") << QList<Step>{{u"wwan_disconnected"_s, 1}} << OnlineState::Unknown;
    QTest::newRow("unknown type leaves it") << QList<Step>{{u"brand_new:offline"_s, 1}} << OnlineState::Unknown;
}

void tst_FleetState::onlineState()
{
    QFETCH(QList<Step>, steps);
    QFETCH(OnlineState, expected);
    FleetState state;

    apply(state, steps);

    QCOMPARE(state.router(u"7"_s)->state, expected);
}

void tst_FleetState::openAlerts_data()
{
    QTest::addColumn<QList<Step>>("steps");
    QTest::addColumn<int>("critical");
    QTest::addColumn<int>("warning");

    QTest::newRow("info opens nothing") << QList<Step>{{u"wwan_connected"_s, 1}} << 0 << 0;
    QTest::newRow("warning opens") << QList<Step>{{u"wwan_disconnected"_s, 1}} << 0 << 1;
    QTest::newRow("same type twice is one") << QList<Step>{{u"wwan_disconnected"_s, 1}, {u"wwan_disconnected"_s, 2}}
                                            << 0 << 1;
    QTest::newRow("cleared by its pair") << QList<Step>{{u"wwan_disconnected"_s, 1}, {u"wwan_connected"_s, 2}} << 0 << 0;
    QTest::newRow("tunnel down and up") << QList<Step>{{u"ipsec_tunnel_down"_s, 1}, {u"ipsec_tunnel_up"_s, 2}} << 0 << 0;
    QTest::newRow("critical and warning") << QList<Step>{{u"ipsec_tunnel_down"_s, 1}, {u"cpu_utilization"_s, 2}}
                                          << 1 << 1;
    QTest::newRow("offline open, online clears")
        << QList<Step>{{u"connection_state:offline"_s, 1}, {u"connection_state:online"_s, 2}} << 0 << 0;
    QTest::newRow("old pair does not clear newer")
        << QList<Step>{{u"wwan_disconnected"_s, 5}, {u"wwan_connected"_s, 2}} << 0 << 1;
    QTest::newRow("unknown type opens as warning") << QList<Step>{{u"brand_new"_s, 1}} << 0 << 1;
}

void tst_FleetState::openAlerts()
{
    QFETCH(QList<Step>, steps);
    QFETCH(int, critical);
    QFETCH(int, warning);
    FleetState state;

    apply(state, steps);

    const auto counts = state.router(u"7"_s)->openBySeverity();
    QCOMPARE(counts[std::size_t(Severity::Critical)], critical);
    QCOMPARE(counts[std::size_t(Severity::Warning)], warning);
}

void tst_FleetState::accountLevelAlertIgnored()
{
    FleetState state;
    QSignalSpy added(&state, &FleetState::routersAdded);

    state.applyEvents({makeEvent(QString(), u"account_locked"_s, 1)});

    QCOMPARE(state.count(), 0);
    QCOMPARE(added.count(), 0);
}

void tst_FleetState::upsertMergesWithoutBlanking()
{
    FleetState state;
    state.applyEvents({makeEvent(u"7"_s, u"wwan_connected"_s, 1)});
    RouterInfo info;
    info.id = u"7"_s;
    info.groupId = u"300"_s;
    info.groupName = u"Buses"_s;
    info.productName = u"IBR1700"_s;
    info.state = OnlineState::Online;

    state.upsertRouter(info);

    const Router *router = state.router(u"7"_s);
    QCOMPARE(router->name, u"BUS-7"_s); // not blanked by the empty name in the sync
    QCOMPARE(router->groupName, u"Buses"_s);
    QCOMPARE(router->productName, u"IBR1700"_s);
    QCOMPARE(router->state, OnlineState::Online);
    info.id = u"8"_s;
    info.name = u"Depot gateway"_s;
    state.upsertRouter(info);
    QCOMPARE(state.count(), 2);
    QCOMPARE(state.router(u"8"_s)->name, u"Depot gateway"_s);
}

void tst_FleetState::apiStateOlderThanEventIgnored()
{
    FleetState state;
    state.applyEvents({makeEvent(u"7"_s, u"connection_state"_s, 100, u"offline"_s)});
    RouterInfo info;
    info.id = u"7"_s;
    info.state = OnlineState::Online;
    info.stateUpdatedAt = QDateTime::fromSecsSinceEpoch(1'793'000'000 + 50, Qt::UTC);

    state.upsertRouter(info);
    QCOMPARE(state.router(u"7"_s)->state, OnlineState::Offline);

    info.stateUpdatedAt = info.stateUpdatedAt.addSecs(100);
    state.upsertRouter(info);
    QCOMPARE(state.router(u"7"_s)->state, OnlineState::Online);
}

void tst_FleetState::positionSignalBattery()
{
    FleetState state;
    const QDateTime now = QDateTime::currentDateTimeUtc();

    state.setPosition(u"7"_s, QGeoCoordinate(52.5, 13.4), now, 12.0);
    state.setPosition(u"7"_s, QGeoCoordinate(1, 1), now.addSecs(-60)); // older fix: ignored
    state.setSignal(u"7"_s, 140);
    state.setBattery(u"7"_s, 55);
    state.setPosition(u"8"_s, QGeoCoordinate(), now); // invalid: nothing created

    const Router *router = state.router(u"7"_s);
    QCOMPARE(router->position, QGeoCoordinate(52.5, 13.4));
    QCOMPARE(router->positionAccuracyM, 12.0);
    QCOMPARE(router->signalPercent, 100);
    QCOMPARE(router->batteryPercent, 55);
    QCOMPARE(state.count(), 1);
}

void tst_FleetState::signalsPerBatch()
{
    FleetState state;
    state.applyEvents({makeEvent(u"1"_s, u"wwan_connected"_s, 1)});
    QSignalSpy added(&state, &FleetState::routersAdded);
    QSignalSpy changed(&state, &FleetState::routersChanged);

    state.applyEvents({makeEvent(u"1"_s, u"wwan_disconnected"_s, 2), makeEvent(u"2"_s, u"wwan_connected"_s, 2),
                       makeEvent(u"3"_s, u"wwan_connected"_s, 2), makeEvent(u"1"_s, u"wwan_connected"_s, 3),
                       makeEvent(u"2"_s, u"wwan_disconnected"_s, 4)});

    QCOMPARE(added.count(), 1);
    QCOMPARE(added.first().at(0).toInt(), 1);
    QCOMPARE(added.first().at(1).toInt(), 2);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().first().value<QList<int>>(), QList<int>{0}); // new rows are in "added"
}

void tst_FleetState::rebuildFromStore()
{
    QTemporaryDir dir;
    fw::store::SqliteEventStore store;
    QCOMPARE(store.open(dir.filePath(u"events.db"_s)), QString());
    QList<fw::store::Event> events;
    for (int i = 0; i < 30; ++i) {
        const QString router = QString::number(i % 5);
        events.append(i % 2 ? makeEvent(router, u"connection_state"_s, i, i % 3 ? u"online"_s : u"offline"_s)
                            : makeEvent(router, u"ipsec_tunnel_down"_s, i));
    }
    bool stored = false;
    store.append(events, this, [&](const fw::store::AppendResult &r) { stored = r.ok; });
    QTRY_VERIFY(stored);
    FleetState live;
    live.applyEvents(events);
    FleetState rebuilt;
    QSignalSpy done(&rebuilt, &FleetState::rebuilt);

    rebuilt.rebuildFrom(&store, 7);

    QTRY_COMPARE(done.count(), 1);
    QCOMPARE(done.first().at(0).toLongLong(), 30);
    QVERIFY(done.first().at(1).toString().isEmpty());
    QVERIFY(!rebuilt.isRebuilding());
    QCOMPARE(rebuilt.count(), 5);
    for (int i = 0; i < 5; ++i) {
        const QString id = QString::number(i);
        QCOMPARE(rebuilt.router(id)->state, live.router(id)->state);
        QCOMPARE(rebuilt.router(id)->openBySeverity(), live.router(id)->openBySeverity());
        QCOMPARE(rebuilt.router(id)->lastEventAt, live.router(id)->lastEventAt);
        QCOMPARE(rebuilt.router(id)->name, u"BUS-"_s + id);
    }
}

void tst_FleetState::liveEventsFromStoreThread()
{
    QTemporaryDir dir;
    fw::store::SqliteEventStore store;
    QCOMPARE(store.open(dir.filePath(u"events.db"_s)), QString());
    FleetState state;
    // eventsCommitted is emitted on the writer thread: the connection queues it to this one.
    connect(&store, &fw::store::EventStore::eventsCommitted, &state, &FleetState::applyEvents);

    store.append({makeEvent(u"5"_s, u"connection_state"_s, 1, u"offline"_s)}, nullptr, {});

    QTRY_COMPARE(state.count(), 1);
    QCOMPARE(state.router(u"5"_s)->state, OnlineState::Offline);
    QVERIFY(state.router(u"5"_s)->lastEventSeq > 0);
}

void tst_FleetState::manyRouters()
{
    FleetState state;
    QList<RouterInfo> infos;
    for (int i = 0; i < 100'000; ++i) {
        RouterInfo info;
        info.id = QString::number(1'000'000 + i);
        info.name = u"BUS-"_s + info.id;
        infos.append(info);
    }
    QSignalSpy added(&state, &FleetState::routersAdded);

    state.upsertRouters(infos);

    QCOMPARE(state.count(), 100'000);
    QCOMPARE(added.count(), 1);
    QCOMPARE(state.rowOf(u"1099999"_s), 99'999);
    QCOMPARE(state.at(54'321).id, u"1054321"_s);
}

QTEST_GUILESS_MAIN(tst_FleetState)
#include "tst_fleetstate.moc"
