// SPDX-License-Identifier: GPL-3.0-or-later
#include "document/SignatureModel.h"

#include <QBrush>
#include <QColor>
#include <QTimeZone>

namespace dms {

SignatureModel::SignatureModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

SignatureModel::~SignatureModel() = default;

int SignatureModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_reports.size());
}

int SignatureModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SignatureModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SignatureReport &report = m_reports.at(index.row());
    if (role == IndicationRole)
        return int(report.indication);
    if (role == Qt::ToolTipRole)
        return (report.errors + report.warnings + report.notes).join(QLatin1Char('\n'));
    if (role == Qt::ForegroundRole && index.column() == ResultColumn) {
        switch (report.indication) {
        case SignatureReport::Indication::TotalPassed:
            return QBrush(QColor(0, 120, 0));
        case SignatureReport::Indication::Indeterminate:
            return QBrush(QColor(170, 100, 0));
        case SignatureReport::Indication::TotalFailed:
            return QBrush(QColor(176, 0, 32));
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case ResultColumn: {
        const QString sub = SignatureReport::subIndicationName(report.subIndication);
        const QString name = SignatureReport::indicationName(report.indication);
        return sub.isEmpty() ? name : name + QStringLiteral(" (") + sub + QLatin1Char(')');
    }
    case SignerColumn:
        return report.signer.commonName();
    case TimeColumn: {
        if (!report.signingTime.isValid())
            return QString();
        const QString time = report.signingTime.toTimeZone(QTimeZone(QByteArrayLiteral("Europe/Sofia")))
                                 .toString(QStringLiteral("dd.MM.yyyy HH:mm:ss"));
        return report.signingTimeFromTimestamp ? time : tr("%1 (claimed)").arg(time);
    }
    case LevelColumn:
        return SignatureReport::levelName(report.level);
    case FormatColumn:
        return report.format;
    default:
        return {};
    }
}

QVariant SignatureModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ResultColumn:
        return tr("Result");
    case SignerColumn:
        return tr("Signer");
    case TimeColumn:
        return tr("Signed at");
    case LevelColumn:
        return tr("Level");
    case FormatColumn:
        return tr("Format");
    default:
        return {};
    }
}

void SignatureModel::setReports(const QList<SignatureReport> &reports)
{
    beginResetModel();
    m_reports = reports;
    endResetModel();
}

} // namespace dms
