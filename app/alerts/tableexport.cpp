#include "alerts/tableexport.h"

#include <QAbstractItemModel>
#include <QCoreApplication>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

using namespace Qt::Literals::StringLiterals;

namespace fw::alerts::TableExport {

namespace {

QStringList headers(const QAbstractItemModel &model)
{
    QStringList result;
    for (int column = 0; column < model.columnCount(); ++column)
        result.append(model.headerData(column, Qt::Horizontal, Qt::DisplayRole).toString());
    return result;
}

bool writeAll(QIODevice &out, const QByteArray &bytes, QString *error)
{
    if (out.write(bytes) == bytes.size())
        return true;
    if (error)
        *error = QCoreApplication::translate("TableExport", "Cannot write the export: %1.").arg(out.errorString());
    return false;
}

} // namespace

QString csvField(const QString &value)
{
    static const QString special = u",\"\r\n"_s;
    const bool quote = std::any_of(value.cbegin(), value.cend(), [](QChar c) { return special.contains(c); });
    if (!quote)
        return value;
    QString escaped = value;
    escaped.replace(u'"', u"\"\""_s);
    return u'"' + escaped + u'"';
}

bool writeCsv(const QAbstractItemModel &model, QIODevice &out, QString *error)
{
    QString text;
    QStringList fields;
    for (const QString &header : headers(model))
        fields.append(csvField(header));
    text += fields.join(u',') + u"\r\n"_s;

    for (int row = 0; row < model.rowCount(); ++row) {
        fields.clear();
        for (int column = 0; column < model.columnCount(); ++column)
            fields.append(csvField(model.index(row, column).data(Qt::EditRole).toString()));
        text += fields.join(u',') + u"\r\n"_s;
    }
    return writeAll(out, text.toUtf8(), error);
}

bool writeJson(const QAbstractItemModel &model, QIODevice &out, QString *error)
{
    const QStringList keys = headers(model);
    QJsonArray rows;
    for (int row = 0; row < model.rowCount(); ++row) {
        QJsonObject object;
        for (int column = 0; column < model.columnCount(); ++column)
            object.insert(keys.at(column), QJsonValue::fromVariant(model.index(row, column).data(Qt::EditRole)));
        rows.append(object);
    }
    return writeAll(out, QJsonDocument(rows).toJson(QJsonDocument::Indented), error);
}

} // namespace fw::alerts::TableExport
