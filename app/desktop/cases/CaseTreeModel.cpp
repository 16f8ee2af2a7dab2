// SPDX-License-Identifier: GPL-3.0-or-later
#include "cases/CaseTreeModel.h"

#include "desk/DeskCaseReader.h"

#include <QFont>

namespace dms {

CaseTreeModel::CaseTreeModel(DeskCaseReader &reader, QObject *parent)
    : QAbstractItemModel(parent)
    , m_reader(reader)
{ }

CaseTreeModel::~CaseTreeModel() = default;

Status CaseTreeModel::reload(const Session &session)
{
    QList<CaseFile> cases;
    Status status;
    auto list = m_reader.cases(session);
    if (!list) {
        status = list.error();
    } else {
        for (const CaseFile &file : std::as_const(*list)) {
            auto full = m_reader.caseFile(session, file.id);
            if (!full) {
                status = full.error();
                cases.clear();
                break;
            }
            cases.append(*full);
        }
    }
    beginResetModel();
    m_cases = cases;
    endResetModel();
    return status;
}

QModelIndex CaseTreeModel::indexOfCase(const QString &caseId) const
{
    for (int row = 0; row < m_cases.size(); ++row) {
        if (m_cases.at(row).id == caseId)
            return index(row, 0);
    }
    return {};
}

const CaseFile *CaseTreeModel::caseAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return nullptr;
    const int row = index.internalId() == kTopLevel ? index.row() : int(index.internalId());
    return row >= 0 && row < m_cases.size() ? &m_cases.at(row) : nullptr;
}

QModelIndex CaseTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    // A document row carries the row of its case file; a case row carries kTopLevel.
    return createIndex(row, column, parent.isValid() ? quintptr(parent.row()) : kTopLevel);
}

QModelIndex CaseTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == kTopLevel)
        return {};
    return createIndex(int(child.internalId()), 0, kTopLevel);
}

int CaseTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_cases.size());
    if (parent.column() != 0 || parent.internalId() != kTopLevel)
        return 0;
    return int(m_cases.at(parent.row()).documents.size());
}

int CaseTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant CaseTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const CaseFile *file = caseAt(index);
    if (!file)
        return {};
    if (index.internalId() == kTopLevel)
        return caseData(*file, index.column(), role);
    return documentData(*file, file->documents.at(index.row()), index.column(), role);
}

QVariant CaseTreeModel::caseData(const CaseFile &file, int column, int role) const
{
    switch (role) {
    case CaseIdRole:
        return file.id;
    case RegistrationIdRole:
        return file.baseRegistrationId;
    case Qt::FontRole:
        if (column == IndexColumn) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (column) {
        case IndexColumn:
            return file.baseIndex;
        case KindColumn:
            return tr("Case file (%n document(s))", nullptr, file.documentCount);
        case SubjectColumn:
            return file.title;
        case StateColumn:
            return file.status == CaseStatus::Open ? tr("Open") : tr("Closed");
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant CaseTreeModel::documentData(const CaseFile &file, const CaseDocument &document, int column,
                                     int role) const
{
    switch (role) {
    case CaseIdRole:
        return file.id;
    case RegistrationIdRole:
        return document.registrationId;
    case DocumentIdRole:
        return document.documentId;
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (column) {
        case IndexColumn:
            return document.index;
        case KindColumn:
            return document.kind;
        case SubjectColumn:
            return document.subjectHidden ? tr("(restricted)") : document.subject;
        case StateColumn:
            return document.registrationStatus == RegistrationStatus::Annulled ? tr("Annulled")
                                                                               : tr("Registered");
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant CaseTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IndexColumn:
        return tr("Index");
    case KindColumn:
        return tr("Kind");
    case SubjectColumn:
        return tr("Subject / title");
    case StateColumn:
        return tr("State");
    default:
        return {};
    }
}

} // namespace dms
