#include "store/schema.h"
#include "store/sqliteeventstore.h"

#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fw::store;

class tst_Schema : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void freshDatabaseGetsEveryStep();
    void upgradeFromVersionOneKeepsData();
    void newerVersionRefused();
    void failingStepChangesNothing();

private:
    QSqlDatabase openSide(const QString &path, const QString &name);
};

QSqlDatabase tst_Schema::openSide(const QString &path, const QString &name)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
    db.setDatabaseName(path);
    db.open();
    return db;
}

void tst_Schema::freshDatabaseGetsEveryStep()
{
    QTemporaryDir dir;
    {
        QSqlDatabase db = openSide(dir.filePath(u"a.db"_s), u"fresh"_s);
        QString error;
        QCOMPARE(schemaVersion(db, &error), 0);

        QCOMPARE(migrate(db), QString());

        QCOMPARE(schemaVersion(db, &error), currentSchemaVersion());
        QCOMPARE(migrate(db), QString()); // idempotent
        QCOMPARE(schemaVersion(db, &error), currentSchemaVersion());
    }
    QSqlDatabase::removeDatabase(u"fresh"_s);
}

void tst_Schema::upgradeFromVersionOneKeepsData()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"old.db"_s);
    {
        SqliteEventStore store;
        QCOMPARE(store.open(path), QString());
        store.append({Event{}}, nullptr, {});
        QVERIFY(store.flush());
    }
    {
        // A later build's step: a new column filled from the old rows, and an index.
        QList<Migration> steps = migrations();
        steps.append(Migration{currentSchemaVersion() + 1,
                               {u"ALTER TABLE events ADD COLUMN acknowledged INTEGER NOT NULL DEFAULT 0"_s,
                                u"UPDATE events SET acknowledged = 1 WHERE type = ''"_s,
                                u"CREATE INDEX events_by_ack ON events (acknowledged)"_s}});
        QSqlDatabase db = openSide(path, u"old"_s);

        QCOMPARE(migrate(db, steps), QString());

        QString error;
        QCOMPARE(schemaVersion(db, &error), currentSchemaVersion() + 1);
        QSqlQuery query(db);
        QVERIFY(query.exec(u"SELECT count(*), sum(acknowledged) FROM events"_s) && query.next());
        QCOMPARE(query.value(0).toInt(), 1);
        QCOMPARE(query.value(1).toInt(), 1);
    }
    QSqlDatabase::removeDatabase(u"old"_s);

    SqliteEventStore store; // this build refuses the newer file, and says so
    const QString error = store.open(path);
    QVERIFY2(error.contains(u"newer"_s), qPrintable(error));
}

void tst_Schema::newerVersionRefused()
{
    QTemporaryDir dir;
    {
        QSqlDatabase db = openSide(dir.filePath(u"new.db"_s), u"newer"_s);
        QCOMPARE(migrate(db), QString());
        QSqlQuery(db).exec(u"UPDATE schema_version SET version = 99"_s);

        const QString error = migrate(db);

        QVERIFY2(error.contains(u"newer"_s), qPrintable(error));
    }
    QSqlDatabase::removeDatabase(u"newer"_s);
}

void tst_Schema::failingStepChangesNothing()
{
    QTemporaryDir dir;
    {
        QSqlDatabase db = openSide(dir.filePath(u"bad.db"_s), u"bad"_s);
        QList<Migration> steps = migrations();
        const int next = currentSchemaVersion() + 1;
        steps.append(Migration{next, {u"CREATE TABLE half (x)"_s, u"THIS IS NOT SQL"_s}});

        const QString error = migrate(db, steps);

        QVERIFY2(error.contains(u"version %1"_s.arg(next)), qPrintable(error));
        QString readError;
        QCOMPARE(schemaVersion(db, &readError), currentSchemaVersion());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"SELECT count(*) FROM sqlite_master WHERE name = 'half'"_s) && query.next());
        QCOMPARE(query.value(0).toInt(), 0);
    }
    QSqlDatabase::removeDatabase(u"bad"_s);
}

QTEST_GUILESS_MAIN(tst_Schema)
#include "tst_schema.moc"
