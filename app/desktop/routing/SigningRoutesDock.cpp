// SPDX-License-Identifier: GPL-3.0-or-later
#include "routing/SigningRoutesDock.h"

#include "routing/RoutedDocumentsPanel.h"
#include "routing/SignatureQueuePanel.h"

#include <QTabWidget>

namespace dms {

SigningRoutesDock::SigningRoutesDock(DeskConnection &desk, const IncomingFlowOptions &flow, QWidget *parent)
    : QDockWidget(tr("Routing for signature"), parent)
{
    setObjectName(QStringLiteral("signingRoutesDock"));
    m_tabs = new QTabWidget(this);
    m_forSignature = new SignatureQueuePanel(desk, flow, m_tabs);
    m_routed = new RoutedDocumentsPanel(desk, m_tabs);
    m_tabs->addTab(m_forSignature, tr("For si&gnature"));
    m_tabs->addTab(m_routed, tr("My routed &documents"));
    setWidget(m_tabs);
}

SigningRoutesDock::~SigningRoutesDock() = default;

} // namespace dms
