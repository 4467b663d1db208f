#include "alerts/acknowledgementstore.h"
#include "alerts/alertmodel.h"

#include "fakeevents.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace fw;
using fw::ui::AlertModel;

class tst_AlertModel : public QObject
{
    Q_OBJECT

private:
    QDateTime m_now = QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);

    store::Event event(qint64 seq, store::Severity severity = store::Severity::Warning)
    {
        return testing::makeEvent(seq, QString::number(seq % 5), QStringLiteral("wwan_disconnected"), severity,
                                  m_now.addSecs(seq));
    }

private Q_SLOTS:
    void newestFirstAndBounded()
    {
        AlertModel model(nullptr, nullptr, 10);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCoalesceInterval(0);
        model.setInitialEvents({event(3), event(1), event(2)});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, 0).data(AlertModel::SeqRole).toLongLong(), 3);

        QList<store::Event> batch;
        for (int seq = 4; seq <= 15; ++seq)
            batch.append(event(seq));
        model.addEvents(batch);
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(model.index(0, 0).data(AlertModel::SeqRole).toLongLong(), 15);
        QCOMPARE(model.index(9, 0).data(AlertModel::SeqRole).toLongLong(), 6);
    }

    void coalescesBatches()
    {
        AlertModel model(nullptr);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCoalesceInterval(20);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.addEvents({event(1)});
        model.addEvents({event(2)});
        QCOMPARE(model.rowCount(), 0);
        QTRY_COMPARE(model.rowCount(), 2);
        QCOMPARE(inserted.size(), 1);
    }

    void criticalArrivalsAreSignalledOnce()
    {
        AlertModel model(nullptr);
        model.setCoalesceInterval(0);
        QSignalSpy critical(&model, &AlertModel::criticalArrived);
        model.setInitialEvents({event(1, store::Severity::Critical)});
        QCOMPARE(critical.size(), 0); // history does not ring
        model.addEvents({event(2, store::Severity::Critical), event(3, store::Severity::Info)});
        QCOMPARE(critical.size(), 1);
        QCOMPARE(critical.at(0).at(0).value<store::Event>().seq, 2);
    }

    void columnsShowWordsAndExportRawValues()
    {
        AlertModel model(nullptr);
        model.setCoalesceInterval(0);
        model.addEvents({event(1, store::Severity::Critical)});
        QCOMPARE(model.index(0, AlertModel::SeverityColumn).data().toString(), QStringLiteral("Critical"));
        QCOMPARE(model.index(0, AlertModel::TimeColumn).data(Qt::EditRole).toString(),
                 QStringLiteral("2026-03-01T12:00:01.000Z"));
        QCOMPARE(model.index(0, AlertModel::RouterColumn).data().toString(), QStringLiteral("Router 1"));
        QCOMPARE(model.index(0, AlertModel::RouterColumn).data(Qt::EditRole).toString(), QStringLiteral("1"));
    }

    void acknowledgementShowsInItsColumn()
    {
        QTemporaryDir dir;
        alerts::AcknowledgementStore acks(nullptr, [this] { return m_now; });
        QVERIFY(acks.open(dir.filePath(QStringLiteral("db.sqlite"))));
        acks.setOperatorName(QStringLiteral("bob"));
        AlertModel model(&acks);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCoalesceInterval(0);
        model.addEvents({event(1), event(2)});
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        QVERIFY(acks.acknowledge(event(1), QStringLiteral("on it")));
        QCOMPARE(changed.size(), 1);
        const QString text = model.index(1, AlertModel::AckColumn).data().toString();
        QVERIFY2(text.contains(QStringLiteral("bob")) && text.contains(QStringLiteral("on it")), qPrintable(text));
        QCOMPARE(model.index(0, AlertModel::AckColumn).data().toString(), QString());
        QCOMPARE(model.index(1, 0).data(AlertModel::AckStateRole).toInt(), int(alerts::AckState::Acknowledged));
    }
};

QTEST_MAIN(tst_AlertModel)
#include "tst_alertmodel.moc"
