<input type="hidden" name="org.apache.struts.taglib.html.TOKEN" value="461bd607d72496a9f8b113b67075c89a"/>
