#include "alerts/tableexport.h"

#include "csvreader.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardItemModel>
#include <QTest>

using namespace fw;

class tst_TableExport : public QObject
{
    Q_OBJECT

private:
    static void fill(QStandardItemModel &model, const QStringList &values)
    {
        model.setHorizontalHeaderLabels({QStringLiteral("Name"), QStringLiteral("Note, with comma")});
        for (const QString &value : values)
            model.appendRow({new QStandardItem(QStringLiteral("r")), new QStandardItem(value)});
    }

private Q_SLOTS:
    void csvField_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << QStringLiteral("abc") << QStringLiteral("abc");
        QTest::newRow("comma") << QStringLiteral("a,b") << QStringLiteral("\"a,b\"");
        QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QStringLiteral("\"say \"\"hi\"\"\"");
        QTest::newRow("newline") << QStringLiteral("a\nb") << QStringLiteral("\"a\nb\"");
        QTest::newRow("empty") << QString() << QString();
    }

    void csvField()
    {
        QFETCH(QString, value);
        QFETCH(QString, expected);
        QCOMPARE(alerts::TableExport::csvField(value), expected);
    }

    void csvRoundTrips()
    {
        const QStringList values{QStringLiteral("plain"), QStringLiteral("a, \"quoted\"\r\nline"), QStringLiteral("ü ✓")};
        QStandardItemModel model;
        fill(model, values);
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QVERIFY(alerts::TableExport::writeCsv(model, buffer));

        const QList<QStringList> rows = testing::readCsv(QString::fromUtf8(buffer.data()));
        QCOMPARE(rows.size(), 4);
        QCOMPARE(rows.at(0), (QStringList{QStringLiteral("Name"), QStringLiteral("Note, with comma")}));
        for (int i = 0; i < values.size(); ++i)
            QCOMPARE(rows.at(i + 1).at(1), values.at(i));
    }

    void jsonRoundTrips()
    {
        QStandardItemModel model;
        fill(model, {QStringLiteral("x\"y")});
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QVERIFY(alerts::TableExport::writeJson(model, buffer));
        const QJsonArray rows = QJsonDocument::fromJson(buffer.data()).array();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0).toObject().value(QStringLiteral("Note, with comma")).toString(), QStringLiteral("x\"y"));
    }

    void unwritableDeviceGivesASentence()
    {
        QStandardItemModel model;
        fill(model, {QStringLiteral("a")});
        QBuffer buffer; // not open
        QString error;
        QVERIFY(!alerts::TableExport::writeCsv(model, buffer, &error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_TableExport)
#include "tst_tableexport.moc"
