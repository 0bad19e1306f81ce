    @POST("/w/api.php?action=wbsetlabel&format=json&language=en&id=M80983832&token=c719ccec50863be8ad85bcdd4ad48a80015f814d%2B%5C")
