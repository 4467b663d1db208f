#include "alerts/acknowledgementstore.h"
#include "store/sqliteeventstore.h"

#include "fakeevents.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace fw;
using alerts::AckState;
using alerts::AcknowledgementStore;

class tst_AcknowledgementStore : public QObject
{
    Q_OBJECT

private:
    QDateTime m_now = QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);
    QTemporaryDir m_dir;

    QString path() const { return m_dir.filePath(QStringLiteral("events.sqlite")); }
    std::unique_ptr<AcknowledgementStore> openStore()
    {
        auto acks = std::make_unique<AcknowledgementStore>(nullptr, [this] { return m_now; }, [](const QString &type) {
            return type == QStringLiteral("wwan_connected") ? QStringList{QStringLiteral("wwan_disconnected")} : QStringList{};
        });
        QString error;
        if (!acks->open(path(), &error))
            qWarning() << error;
        acks->setOperatorName(QStringLiteral("alice"));
        return acks;
    }
    store::Event down(qint64 seq, const QString &router = QStringLiteral("7"))
    {
        return testing::makeEvent(seq, router, QStringLiteral("wwan_disconnected"), store::Severity::Critical, m_now);
    }
    store::Event up(qint64 seq, const QString &router = QStringLiteral("7"))
    {
        return testing::makeEvent(seq, router, QStringLiteral("wwan_connected"), store::Severity::Info, m_now);
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        for (const char *suffix : {"", "-wal", "-shm"})
            QFile::remove(path() + QLatin1StringView(suffix));
    }

    void acknowledgementIsPersistedAcrossReopen()
    {
        {
            auto acks = openStore();
            QVERIFY(acks->isOpen());
            QSignalSpy changed(acks.get(), &AcknowledgementStore::changed);
            QVERIFY(acks->acknowledge(down(1), QStringLiteral("ticket 42, \"modem\" swapped")));
            QCOMPARE(changed.size(), 1);
            QCOMPARE(changed.at(0).at(0).toString(), QStringLiteral("7"));
        }
        auto reopened = openStore();
        QCOMPARE(reopened->count(), 1);
        QCOMPARE(reopened->state(down(1)), AckState::Acknowledged);
        const alerts::Acknowledgement ack = reopened->acknowledgement(down(1));
        QCOMPARE(ack.operatorName, QStringLiteral("alice"));
        QCOMPARE(ack.note, QStringLiteral("ticket 42, \"modem\" swapped"));
        QCOMPARE(ack.at, m_now);
        QCOMPARE(reopened->state(down(2)), AckState::Unacknowledged);
    }

    void snoozeCoversRepeatsUntilItExpires()
    {
        auto acks = openStore();
        QVERIFY(acks->snooze(down(1), m_now.addSecs(3600), {}));
        QCOMPARE(acks->state(down(1)), AckState::Snoozed);
        QCOMPARE(acks->state(down(2)), AckState::Snoozed);
        QCOMPARE(acks->state(down(3, QStringLiteral("8"))), AckState::Unacknowledged);

        m_now = m_now.addSecs(3599);
        QCOMPARE(acks->state(down(1)), AckState::Snoozed);
        m_now = m_now.addSecs(1);
        QCOMPARE(acks->state(down(1)), AckState::Unacknowledged);
    }

    void snoozeInThePastIsRefused()
    {
        auto acks = openStore();
        QSignalSpy errors(acks.get(), &AcknowledgementStore::storageError);
        QVERIFY(!acks->snooze(down(1), m_now.addSecs(-1), {}));
        QCOMPARE(errors.size(), 1);
        QCOMPARE(acks->count(), 0);
    }

    void untilClearEndsWithTheRecoveryAndIsPersisted()
    {
        {
            auto acks = openStore();
            acks->noteEvents({down(1)});
            QVERIFY(acks->acknowledgeUntilClear(down(1), QStringLiteral("carrier outage")));
            QCOMPARE(acks->state(down(1)), AckState::AwaitingClear);
            QCOMPARE(acks->state(down(2)), AckState::AwaitingClear);

            QSignalSpy changed(acks.get(), &AcknowledgementStore::changed);
            acks->noteEvents({up(3)});
            QCOMPARE(changed.size(), 1);
            QCOMPARE(acks->state(down(1)), AckState::Cleared);
            QCOMPARE(acks->state(down(2)), AckState::Cleared);
            QCOMPARE(acks->state(down(4)), AckState::Unacknowledged);
        }
        auto reopened = openStore();
        QCOMPARE(reopened->state(down(1)), AckState::Cleared);
        QCOMPARE(reopened->acknowledgement(down(1)).clearedBySeq, 3);
        QCOMPARE(reopened->state(down(4)), AckState::Unacknowledged);
    }

    void routerStateFollowsItsLatestAlert()
    {
        auto acks = openStore();
        QSignalSpy touched(acks.get(), &AcknowledgementStore::routerAlertsChanged);
        QCOMPARE(acks->routerState(QStringLiteral("7")), AckState::Acknowledged); // nothing to handle
        acks->noteEvents({down(1), down(2, QStringLiteral("8")), up(3, QStringLiteral("9"))});
        QCOMPARE(touched.size(), 1);
        QStringList routers = touched.at(0).at(0).toStringList();
        routers.sort();
        QCOMPARE(routers, (QStringList{QStringLiteral("7"), QStringLiteral("8")}));
        QCOMPARE(acks->routerState(QStringLiteral("7")), AckState::Unacknowledged);
        QVERIFY(!acks->isRouterAcknowledged(QStringLiteral("7")));
        QVERIFY(acks->acknowledge(down(1), {}));
        QVERIFY(acks->isRouterAcknowledged(QStringLiteral("7")));

        acks->noteEvents({down(2)});
        QCOMPARE(acks->routerState(QStringLiteral("7")), AckState::Unacknowledged);
        acks->noteEvents({up(3)}); // recovered: nothing left to handle
        QCOMPARE(acks->routerState(QStringLiteral("7")), AckState::Acknowledged);
        QCOMPARE(touched.size(), 3);
    }

    void sharesTheDatabaseWithTheEventStore()
    {
        store::SqliteEventStore events;
        QCOMPARE(events.open(path()), QString());
        store::Event event = down(0);
        event.seq = 0;
        QSignalSpy committed(&events, &store::EventStore::eventsCommitted);
        events.append({event}, this, [](const store::AppendResult &result) { QVERIFY(result.ok); });
        QTRY_COMPARE(committed.size(), 1);
        const store::Event stored = committed.at(0).at(0).value<QList<store::Event>>().constFirst();

        {
            auto acks = openStore(); // a second connection while the store's writer holds its own
            QVERIFY(acks->acknowledge(stored, QStringLiteral("shared file")));
        }
        store::Event later = down(0);
        later.alert.detectedAt = m_now.addSecs(5);
        events.append({later}, this, [](const store::AppendResult &result) { QVERIFY(result.ok); });
        QVERIFY(events.flush());
        events.close();

        auto reopened = openStore();
        QCOMPARE(reopened->state(stored), AckState::Acknowledged);
    }

    void unopenedStoreRefusesAndChangesNothing()
    {
        AcknowledgementStore acks(nullptr, [this] { return m_now; });
        QSignalSpy errors(&acks, &AcknowledgementStore::storageError);
        QVERIFY(!acks.acknowledge(down(1), {}));
        QCOMPARE(errors.size(), 1);
        QCOMPARE(acks.state(down(1)), AckState::Unacknowledged);
    }

    void unopenableFileGivesASentence()
    {
        AcknowledgementStore acks;
        QString error;
        QVERIFY(!acks.open(m_dir.filePath(QStringLiteral("missing/dir/x.sqlite")), &error));
        QVERIFY(error.endsWith(u'.'));
        QVERIFY(!acks.isOpen());
    }
};

QTEST_GUILESS_MAIN(tst_AcknowledgementStore)
#include "tst_acknowledgementstore.moc"
