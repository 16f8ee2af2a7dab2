// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Result.h"
#include "domain/CaseFile.h"

#include <QAbstractItemModel>

namespace dms {

class DeskCaseReader;

/** The case files a desk knows (DeskCaseReader), each with its registrations
 *  as children: base first, then the others by time. Columns: index (the title
 *  beside the case's base index), kind, subject, state. Reloaded as a whole by
 *  reload(); the reader must outlive the model. GUI thread. */
class CaseTreeModel : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CaseTreeModel)

public:
    enum Column { IndexColumn, KindColumn, SubjectColumn, StateColumn, ColumnCount };
    enum Role {
        CaseIdRole = Qt::UserRole + 1, ///< the case file of a row (case or document)
        RegistrationIdRole, ///< a document row's registration
        DocumentIdRole, ///< a document row's document
    };

    explicit CaseTreeModel(DeskCaseReader &reader, QObject *parent = nullptr);
    ~CaseTreeModel() override;

    /** Reads the case files again for `session`; on error the model is left empty. */
    Status reload(const Session &session);
    /** The row of a case file; invalid when it is not listed. */
    QModelIndex indexOfCase(const QString &caseId) const;
    const CaseFile *caseAt(const QModelIndex &index) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    static constexpr quintptr kTopLevel = ~quintptr(0);
    QVariant caseData(const CaseFile &file, int column, int role) const;
    QVariant documentData(const CaseFile &file, const CaseDocument &document, int column, int role) const;

    DeskCaseReader &m_reader;
    QList<CaseFile> m_cases;
};

} // namespace dms
