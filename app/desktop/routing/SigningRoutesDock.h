// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "IncomingFlowOptions.h"

#include <QDockWidget>

class QTabWidget;

namespace dms {

class DeskConnection;
class RoutedDocumentsPanel;
class SignatureQueuePanel;

/** The dock *Routing for signature*: the tabs *For signature* (SignatureQueuePanel)
 *  and *My routed documents* (RoutedDocumentsPanel). */
class SigningRoutesDock : public QDockWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SigningRoutesDock)

public:
    /** @p desk and the flow's clock must outlive the dock. */
    SigningRoutesDock(DeskConnection &desk, const IncomingFlowOptions &flow, QWidget *parent = nullptr);
    ~SigningRoutesDock() override;

    SignatureQueuePanel *forSignature() const { return m_forSignature; }
    RoutedDocumentsPanel *routed() const { return m_routed; }
    QTabWidget *tabs() const { return m_tabs; }

private:
    QTabWidget *m_tabs = nullptr;
    SignatureQueuePanel *m_forSignature = nullptr;
    RoutedDocumentsPanel *m_routed = nullptr;
};

} // namespace dms
