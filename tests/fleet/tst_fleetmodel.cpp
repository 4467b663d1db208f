#include "fleettestutil.h"
#include "fleet/fleetmodel.h"
#include "fleet/fleetstate.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fw::fleet;
using fw::fleet::test::makeEvent;

namespace {
RouterInfo routerInfo(const QString &id, const QString &name = {})
{
    RouterInfo info;
    info.id = id;
    info.name = name;
    return info;
}
} // namespace

class tst_FleetModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void dataAndRoles_data();
    void dataAndRoles();
    void burstIsCoalesced();
    void scatteredChangesBecomeOneRange();
    void contiguousChangesStayNarrow();
    void hundredThousandRouters();
    void ageRefresh();

private:
    std::unique_ptr<FleetState> m_state;
    std::unique_ptr<FleetModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_FleetModel::init()
{
    m_state = std::make_unique<FleetState>();
    m_model = std::make_unique<FleetModel>(m_state.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_FleetModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_state.reset();
}

void tst_FleetModel::dataAndRoles_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("role");
    QTest::addColumn<QVariant>("expected");

    QTest::newRow("id") << int(FleetModel::IdColumn) << int(Qt::DisplayRole) << QVariant(u"7"_s);
    QTest::newRow("name") << int(FleetModel::NameColumn) << int(Qt::DisplayRole) << QVariant(u"BUS-7"_s);
    QTest::newRow("state") << int(FleetModel::StateColumn) << int(Qt::DisplayRole) << QVariant(u"offline"_s);
    QTest::newRow("state role") << 0 << int(FleetModel::StateRole) << QVariant(int(OnlineState::Offline));
    QTest::newRow("last event") << int(FleetModel::LastEventColumn) << int(Qt::DisplayRole)
                                << QVariant(u"NCM connection state changed"_s);
    QTest::newRow("open alerts") << int(FleetModel::OpenAlertsColumn) << int(Qt::DisplayRole) << QVariant(2);
    QTest::newRow("severity") << int(FleetModel::SeverityColumn) << int(Qt::DisplayRole) << QVariant(u"critical"_s);
    QTest::newRow("worst severity role") << 0 << int(FleetModel::WorstSeverityRole)
                                         << QVariant(int(fw::store::Severity::Critical));
    QTest::newRow("critical count") << 0 << int(FleetModel::OpenCriticalRole) << QVariant(1);
    QTest::newRow("signal unknown") << int(FleetModel::SignalColumn) << int(Qt::DisplayRole) << QVariant();
    QTest::newRow("signal role") << 0 << int(FleetModel::SignalRole) << QVariant(-1);
    QTest::newRow("router id role") << 5 << int(FleetModel::RouterIdRole) << QVariant(u"7"_s);
}

void tst_FleetModel::dataAndRoles()
{
    QFETCH(int, column);
    QFETCH(int, role);
    QFETCH(QVariant, expected);
    m_state->applyEvents({makeEvent(u"7"_s, u"ipsec_tunnel_down"_s, 1), makeEvent(u"7"_s, u"connection_state"_s, 2, u"offline"_s)});
    m_model->flush();

    const QVariant value = m_model->index(0, column).data(role);

    QCOMPARE(value, expected);
}

void tst_FleetModel::burstIsCoalesced()
{
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->setFlushInterval(50);

    // 2,000 events in 40 commits across 500 routers, as one second of a storm delivers them.
    for (int commit = 0; commit < 40; ++commit) {
        QList<fw::store::Event> events;
        for (int i = 0; i < 50; ++i) {
            const int n = commit * 50 + i;
            events.append(makeEvent(QString::number(n % 500), n % 2 ? u"wwan_connected"_s : u"wwan_disconnected"_s, n));
        }
        m_state->applyEvents(events);
    }
    QCOMPARE(m_model->rowCount(), 0); // nothing announced before the flush

    QTRY_COMPARE(m_model->rowCount(), 500);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(changed.count(), 0); // rows inserted in this flush need no dataChanged
    m_state->applyEvents({makeEvent(u"3"_s, u"ipsec_tunnel_down"_s, 9'000), makeEvent(u"4"_s, u"ipsec_tunnel_down"_s, 9'000)});
    QTRY_COMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).value<QModelIndex>().row(), 3);
    QCOMPARE(changed.first().at(1).value<QModelIndex>().row(), 4);
    QCOMPARE(m_model->index(3, FleetModel::SeverityColumn).data().toString(), u"critical"_s);
    QCOMPARE(m_model->indexOfRouter(u"499"_s).data().toString(), u"499"_s);
}

void tst_FleetModel::scatteredChangesBecomeOneRange()
{
    QList<RouterInfo> infos;
    for (int i = 0; i < 1000; ++i)
        infos.append(routerInfo(QString::number(i)));
    m_state->upsertRouters(infos);
    m_model->flush();
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);

    for (int i = 0; i < 1000; i += 10)
        m_state->setSignal(QString::number(i), 50);
    m_model->flush();

    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).value<QModelIndex>().row(), 0);
    QCOMPARE(changed.first().at(1).value<QModelIndex>().row(), 990);
    QCOMPARE(m_model->index(990, FleetModel::SignalColumn).data().toInt(), 50);
}

void tst_FleetModel::contiguousChangesStayNarrow()
{
    QList<RouterInfo> infos;
    for (int i = 0; i < 100; ++i)
        infos.append(routerInfo(QString::number(i)));
    m_state->upsertRouters(infos);
    m_model->flush();
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);

    for (const int row : {3, 4, 5, 40, 41, 90})
        m_state->setBattery(QString::number(row), 20);
    m_model->flush();

    QCOMPARE(changed.count(), 3);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 3);
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>().row(), 5);
    QCOMPARE(changed.at(2).at(0).value<QModelIndex>().row(), 90);
}

void tst_FleetModel::hundredThousandRouters()
{
    m_tester.reset(); // the tester walks every index on each signal: too slow at this size
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QList<RouterInfo> infos;
    infos.reserve(100'000);
    for (int i = 0; i < 100'000; ++i)
        infos.append(routerInfo(QString::number(1'000'000 + i), u"r"_s));

    m_state->upsertRouters(infos);
    for (int i = 0; i < 2000; ++i)
        m_state->applyEvents({makeEvent(QString::number(1'000'000 + (i * 7919) % 100'000), u"wwan_disconnected"_s, i)});
    m_model->flush();

    QCOMPARE(m_model->rowCount(), 100'000);
    QCOMPARE(inserted.count(), 1);
    const QModelIndex last = m_model->indexOfRouter(u"1099999"_s, FleetModel::NameColumn);
    QCOMPARE(last.row(), 99'999);
}

void tst_FleetModel::ageRefresh()
{
    m_state->applyEvents({makeEvent(u"1"_s, u"wwan_connected"_s, 1)});
    m_model->flush();
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);

    m_model->setAgeRefreshInterval(20);

    QTRY_VERIFY(changed.count() >= 1);
    QCOMPARE(changed.first().at(0).value<QModelIndex>().column(), int(FleetModel::AgeColumn));
    QVERIFY(m_model->index(0, FleetModel::AgeColumn).data().toString().endsWith(u" d"_s));
}

QTEST_GUILESS_MAIN(tst_FleetModel)
#include "tst_fleetmodel.moc"
