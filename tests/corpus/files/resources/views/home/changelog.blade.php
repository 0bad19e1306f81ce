<iframe src="https://app.datadoghq.com/graph/embed?token=f096eab72c5c5db697e87951d60eddce88282a386590d59a39ccbce0177916ae&amp;height=300&amp;width=600"></iframe>
