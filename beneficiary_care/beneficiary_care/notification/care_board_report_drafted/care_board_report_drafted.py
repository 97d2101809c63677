def get_context(context):
	# the message uses only {{ doc }}
	pass
