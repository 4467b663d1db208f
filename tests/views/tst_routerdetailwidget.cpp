#include "detail/routerdetailwidget.h"
#include "detail/zoomablechartview.h"

#include "csvreader.h"

#include <QChart>
#include <QDateTimeAxis>
#include <QFile>
#include <QImage>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace fw;
using fw::ui::RouterDetailWidget;

namespace {

// Answers only when the test says so, to play requests against each other.
class ManualSource final : public history::HistorySource
{
public:
    using HistorySource::HistorySource;
    QList<std::pair<quint64, history::HistoryRequest>> requests;
    void request(quint64 generation, const history::HistoryRequest &request) override
    {
        requests.append({generation, request});
    }
    void answer(quint64 generation, const history::RouterHistory &history) { Q_EMIT loaded(generation, history); }
};

history::RouterHistory makeHistory(const QString &router, const QDateTime &end, int samples, qint64 spanSeconds)
{
    history::RouterHistory h;
    h.routerId = router;
    const qint64 endMs = end.toMSecsSinceEpoch();
    const qint64 step = spanSeconds * 1000 / samples;
    for (int i = 0; i < samples; ++i) {
        const qint64 at = endMs - spanSeconds * 1000 + i * step;
        h.signal.append({at, -95 + 10 * std::sin(i / 50.0), -10 + 2 * std::cos(i / 30.0), 10 + 5 * std::sin(i / 70.0)});
        if (i % 10 == 0)
            h.battery.append({at, 100.0 - 60.0 * i / samples});
    }
    h.signal[samples / 2].rsrp = -139; // a dip that must survive the reduction
    h.states.append({endMs - 3600'000, QStringLiteral("offline"), QStringLiteral("Cellular WAN disconnected")});
    h.states.append({endMs - 1800'000, QStringLiteral("online"), QStringLiteral("Cellular WAN connected")});
    return h;
}

ui::RouterIdentity identity(const QString &id, const QString &name)
{
    ui::RouterIdentity result;
    result.id = id;
    result.name = name;
    return result;
}

} // namespace

class tst_RouterDetailWidget : public QObject
{
    Q_OBJECT

private:
    QDateTime m_now = QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);

private Q_SLOTS:
    void loadsAndReducesToTheChartWidth()
    {
        history::MemoryHistorySource source;
        source.setHistory(makeHistory(QStringLiteral("7"), m_now, 20'000, 24 * 3600));
        RouterDetailWidget detail(&source, nullptr, nullptr, [this] { return m_now; });
        detail.resize(1200, 700);
        detail.show();
        QVERIFY(QTest::qWaitForWindowExposed(&detail));
        QSignalSpy loaded(&detail, &RouterDetailWidget::historyLoaded);

        detail.setRouter(identity(QStringLiteral("7"), QStringLiteral("Ambulance 7")));
        QVERIFY(detail.isLoading());
        QTRY_COMPARE(loaded.size(), 1);
        QVERIFY(!detail.isLoading());
        QCOMPARE(detail.loadedPoints(RouterDetailWidget::Series::Rsrp), 20'000);
        const qsizetype shown = detail.shownPoints(RouterDetailWidget::Series::Rsrp);
        QVERIFY2(shown > 100 && shown <= 4 * 1200, qPrintable(QString::number(shown)));
        QVERIFY(detail.shownPoints(RouterDetailWidget::Series::Battery) > 0);
    }

    void staleAnswersAreDropped()
    {
        ManualSource source;
        RouterDetailWidget detail(&source, nullptr, nullptr, [this] { return m_now; });
        detail.resize(1000, 600);
        QSignalSpy loaded(&detail, &RouterDetailWidget::historyLoaded);
        detail.setRouter(identity(QStringLiteral("7"), QStringLiteral("A")));
        detail.setRange(RouterDetailWidget::Range::LastHour);
        QCOMPARE(source.requests.size(), 2);
        QCOMPARE(source.requests.at(1).second.from, m_now.addSecs(-3600));

        source.answer(source.requests.at(0).first, makeHistory(QStringLiteral("7"), m_now, 500, 24 * 3600));
        QTest::qWait(100); // nothing may happen for the outdated answer
        QCOMPARE(loaded.size(), 0);
        source.answer(source.requests.at(1).first, makeHistory(QStringLiteral("7"), m_now, 300, 3600));
        QTRY_COMPARE(loaded.size(), 1);
        QCOMPARE(detail.loadedPoints(RouterDetailWidget::Series::Rsrp), 300);
    }

    void livePointsAreAppended()
    {
        history::MemoryHistorySource source;
        source.setHistory(makeHistory(QStringLiteral("7"), m_now, 100, 3600));
        RouterDetailWidget detail(&source, nullptr, nullptr, [this] { return m_now; });
        detail.resize(1000, 600);
        detail.show();
        QSignalSpy loaded(&detail, &RouterDetailWidget::historyLoaded);
        detail.setRouter(identity(QStringLiteral("7"), QString()));
        QTRY_COMPARE(loaded.size(), 1);
        const qsizetype before = detail.shownPoints(RouterDetailWidget::Series::Rsrp);

        detail.appendSignal(QStringLiteral("8"), {m_now.toMSecsSinceEpoch(), -80, -9, 12}); // another router
        detail.appendSignal(QStringLiteral("7"), {m_now.addSecs(30).toMSecsSinceEpoch(), -80, -9, 12});
        QCOMPARE(detail.loadedPoints(RouterDetailWidget::Series::Rsrp), 101);
        QTRY_COMPARE(detail.shownPoints(RouterDetailWidget::Series::Rsrp), before + 1);
    }

    void keyboardZoomsPansAndResets()
    {
        history::MemoryHistorySource source;
        source.setHistory(makeHistory(QStringLiteral("7"), m_now, 1000, 24 * 3600));
        RouterDetailWidget detail(&source, nullptr, nullptr, [this] { return m_now; });
        detail.resize(1000, 600);
        detail.show();
        QSignalSpy loaded(&detail, &RouterDetailWidget::historyLoaded);
        detail.setRouter(identity(QStringLiteral("7"), QString()));
        QTRY_COMPARE(loaded.size(), 1);
        auto *axis = qobject_cast<QDateTimeAxis *>(detail.signalChart()->axes(Qt::Horizontal).constFirst());
        const qint64 span = axis->min().msecsTo(axis->max());

        QTest::keyClick(detail.signalView(), Qt::Key_Plus);
        QVERIFY(axis->min().msecsTo(axis->max()) < span);
        const QDateTime zoomedMin = axis->min();
        QTest::keyClick(detail.signalView(), Qt::Key_Left);
        QVERIFY(axis->min() < zoomedMin);
        QTest::keyClick(detail.signalView(), Qt::Key_0);
        QCOMPARE(axis->min().msecsTo(axis->max()), span);
    }

    void exportsPngAndCsv()
    {
        history::MemoryHistorySource source;
        source.setHistory(makeHistory(QStringLiteral("7"), m_now, 50, 3600));
        RouterDetailWidget detail(&source, nullptr, nullptr, [this] { return m_now; });
        detail.resize(1000, 600);
        detail.show();
        QSignalSpy loaded(&detail, &RouterDetailWidget::historyLoaded);
        detail.setRouter(identity(QStringLiteral("7"), QString()));
        QTRY_COMPARE(loaded.size(), 1);

        QTemporaryDir dir;
        const QString png = dir.filePath(QStringLiteral("detail.png"));
        const QString csv = dir.filePath(QStringLiteral("detail.csv"));
        QVERIFY(detail.exportPng(png));
        QVERIFY(!QImage(png).isNull());
        QVERIFY(detail.exportCsv(csv));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QStringList> rows = testing::readCsv(QString::fromUtf8(file.readAll()));
        QCOMPARE(rows.size(), 51);
        QCOMPARE(rows.at(0).at(1), QStringLiteral("rsrp_dbm"));
        QCOMPARE(rows.at(1).size(), 5);
        QVERIFY(!rows.at(1).at(4).isEmpty()); // the first sample has a battery reading too
        QVERIFY(rows.at(2).at(4).isEmpty());
        QVERIFY(!detail.exportCsv(dir.filePath(QStringLiteral("no/dir/x.csv"))));
    }

    void badCustomRangeIsRefused()
    {
        ManualSource source;
        RouterDetailWidget detail(&source, nullptr, nullptr, [this] { return m_now; });
        detail.setRouter(identity(QStringLiteral("7"), QString()));
        const qsizetype requests = source.requests.size();
        detail.setCustomRange(m_now, m_now.addSecs(-10));
        QCOMPARE(source.requests.size(), requests);
        detail.setCustomRange(m_now.addDays(-2), m_now);
        QCOMPARE(source.requests.size(), requests + 1);
        QCOMPARE(detail.range(), RouterDetailWidget::Range::Custom);
    }
};

QTEST_MAIN(tst_RouterDetailWidget)
#include "tst_routerdetailwidget.moc"
